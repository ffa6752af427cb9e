using System;
using System.Globalization;

namespace Neo4jAura;

/// <summary>
/// A memory or storage size as the Aura API writes it ("8GB"), which sorts and compares by size, not as text:
/// <c>Sort-Object Memory</c> puts 4GB before 16GB, <c>Where-Object Memory -ge 16GB</c> compares with PowerShell's
/// byte counts, and <c>-eq '8GB'</c> compares with text. It shows (and serialises to CliXml) as the API's text.
/// GB means 1024^3 bytes, as in PowerShell. A value that is not a size keeps its text and sorts after every size.
/// </summary>
public sealed class AuraSize : IComparable, IComparable<AuraSize>, IEquatable<AuraSize>
{
    private const long KB = 1024L, MB = KB * 1024, GB = MB * 1024, TB = GB * 1024;

    /// <summary>A size from the API's text, e.g. "8GB" (also "8 GB", "512MB", "1TB"; a bare number means GB).</summary>
    public AuraSize(string text)
    {
        Text = (text ?? throw new ArgumentNullException(nameof(text))).Trim();
        Bytes = ParseBytes(Text);
    }

    private AuraSize(long bytes)
    {
        Bytes = bytes;
        Text = Format(bytes);
    }

    /// <summary>The size as the API wrote it, e.g. "8GB".</summary>
    public string Text { get; }

    /// <summary>The size in bytes; null when the text is not a size.</summary>
    public long? Bytes { get; }

    /// <summary>The size in gigabytes (1024^3 bytes); null when the text is not a size.</summary>
    public double? Gigabytes => Bytes is { } b ? b / (double)GB : null;

    /// <summary>A size from text, or null for null or blank text.</summary>
    public static AuraSize? Parse(string? text) => string.IsNullOrWhiteSpace(text) ? null : new AuraSize(text!);

    /// <summary>A size of whole bytes (what PowerShell's 16GB literal is), written like the API writes sizes.</summary>
    public static AuraSize FromBytes(long bytes) => new(bytes);

    public static implicit operator AuraSize(string text) => new(text);
    public static implicit operator AuraSize(long bytes) => new(bytes);
    public static implicit operator AuraSize(int bytes) => new(bytes);
    public static implicit operator AuraSize(double bytes) => new((long)Math.Round(bytes));
    public static implicit operator string(AuraSize size) => size.Text;
    /// <summary>The bytes (so that <c>16GB -le $i.Memory</c> works too); an InvalidCastException when the text is no size.</summary>
    public static explicit operator long(AuraSize size) => size.Bytes ?? throw new InvalidCastException($"'{size.Text}' is not a size.");
    public static explicit operator double(AuraSize size) => (long)size;

    public override string ToString() => Text;

    public int CompareTo(AuraSize? other)
    {
        if (other is null) return 1;
        if (Bytes is { } a && other.Bytes is { } b) return a.CompareTo(b);
        if (Bytes is not null) return -1; // sizes before text that is no size
        if (other.Bytes is not null) return 1;
        return string.Compare(Text, other.Text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Compares with another size, a size's text ("16GB") or a number of bytes (16GB in PowerShell).</summary>
    public int CompareTo(object? obj) => obj is null ? 1 : CompareTo(From(obj) ?? throw new ArgumentException($"Cannot compare a size with '{obj}'.", nameof(obj)));

    public bool Equals(AuraSize? other) => other is not null && CompareTo(other) == 0;

    /// <summary>Equal to a size, a size's text or a number of bytes of the same size.</summary>
    public override bool Equals(object? obj) => obj is not null && From(obj) is { } other && Equals(other);

    public override int GetHashCode() => Bytes?.GetHashCode() ?? StringComparer.OrdinalIgnoreCase.GetHashCode(Text);

    public static bool operator ==(AuraSize? a, AuraSize? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(AuraSize? a, AuraSize? b) => !(a == b);

    private static AuraSize? From(object obj)
    {
        if (obj is System.Management.Automation.PSObject ps) obj = ps.BaseObject;
        switch (obj)
        {
            case AuraSize size: return size;
            case string s: return new AuraSize(s);
            case byte or sbyte or short or ushort or int or uint or long: return new AuraSize(Convert.ToInt64(obj, CultureInfo.InvariantCulture));
            case ulong or float or double or decimal: return new AuraSize((long)Math.Round(Convert.ToDouble(obj, CultureInfo.InvariantCulture)));
            default: return null;
        }
    }

    private static long? ParseBytes(string text)
    {
        var s = text.Replace(" ", "");
        var unit = GB;
        var end = s.Length;
        if (end >= 2)
        {
            var suffix = s.Substring(end - 2).ToUpperInvariant();
            var factor = suffix switch { "KB" => KB, "MB" => MB, "GB" => GB, "TB" => TB, _ => 0L };
            if (factor != 0) { unit = factor; end -= 2; }
        }
        else if (end >= 1 && char.ToUpperInvariant(s[end - 1]) == 'G') { end -= 1; }
        if (end == 0) return null;
        if (!decimal.TryParse(s.Substring(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return null;
        try
        {
            return (long)Math.Round(number * unit);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string Format(long bytes)
    {
        foreach (var (factor, unit) in new[] { (TB, "TB"), (GB, "GB"), (MB, "MB"), (KB, "KB") })
        {
            if (bytes != 0 && bytes % factor == 0) return (bytes / factor).ToString(CultureInfo.InvariantCulture) + unit;
        }
        return bytes >= GB
            ? (bytes / (double)GB).ToString("0.##", CultureInfo.InvariantCulture) + "GB"
            : bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
