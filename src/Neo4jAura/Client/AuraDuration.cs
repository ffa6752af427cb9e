using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Neo4jAura.Client;

/// <summary>
/// The API's durations (graph analytics session ttl): Go's form, e.g. "1h0m0s", "30m", "20m0s", "1.5h", "90s"; read
/// also as ISO 8601 ("PT30M") or a number of seconds.
/// </summary>
internal static class AuraDuration
{
    /// <summary>The duration in the API's form: whole hours, minutes and seconds, e.g. 1h30m0s, 45m0s, 30s.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "A duration cannot be negative.");
        var total = (long)Math.Round(value.TotalSeconds);
        var hours = total / 3600;
        var minutes = total % 3600 / 60;
        var seconds = total % 60;
        var sb = new StringBuilder();
        if (hours > 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || minutes > 0) sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        sb.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        return sb.ToString();
    }

    /// <summary>Parses the API's (Go), ISO 8601 or plain-seconds form; null when it is none of them.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text!.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var secondsOnly))
        {
            return secondsOnly is >= 0 and < 1e9 ? TimeSpan.FromSeconds(secondsOnly) : null;
        }
        if (s.StartsWith("P", StringComparison.OrdinalIgnoreCase))
        {
            try { return XmlConvert.ToTimeSpan(s.ToUpperInvariant()); }
            catch (FormatException) { return null; }
            catch (OverflowException) { return null; }
        }
        double total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (start == i || !double.TryParse(s.Substring(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return null;
            var unitStart = i;
            while (i < s.Length && char.IsLetter(s[i])) i++;
            var factor = s.Substring(unitStart, i - unitStart) switch
            {
                "h" => 3600.0, "m" => 60.0, "s" => 1.0, "ms" => 0.001, "us" or "µs" => 1e-6, "ns" => 1e-9,
                _ => double.NaN,
            };
            if (double.IsNaN(factor)) return null;
            total += number * factor;
        }
        return total < 1e9 ? TimeSpan.FromSeconds(total) : null;
    }
}

/// <summary>Reads a duration leniently (<see cref="AuraDuration.Parse"/>); writes the API's form.</summary>
internal sealed class LenientDurationConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => AuraDuration.Parse(LenientStringConverter.ReadText(ref reader));

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(AuraDuration.Format(value.Value));
    }
}
