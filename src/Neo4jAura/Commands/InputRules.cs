using System;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>
/// Checks on user input before anything is sent; each failure is an AuraApiException with ErrorId
/// AuraInvalidArgument for the current item.
/// </summary>
internal static class InputRules
{
    private static readonly Regex IdPattern = new("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex MemoryPattern = new("^[0-9]{1,5}(\\.[0-9]+)?(GB|MB|TB)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Throws unless <paramref name="value"/> looks like an Aura id (letters, digits, '-' and '_').</summary>
    public static string Id(string? value, string parameterName)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) throw Invalid($"-{parameterName} is empty.", parameterName);
        if (!IdPattern.IsMatch(v))
        {
            throw Invalid($"-{parameterName} '{Printable(v)}' is not a valid Aura id (expected letters, digits, '-' or '_', up to 64 characters).", parameterName);
        }
        return v;
    }

    /// <summary>Throws unless <paramref name="value"/> is a usable instance name (1 to 30 characters, no control characters).</summary>
    public static string Name(string? value, string parameterName = "Name")
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) throw Invalid($"-{parameterName} is empty.", parameterName);
        if (v.Length > 30) throw Invalid($"-{parameterName} '{Printable(v)}' is {v.Length} characters long; Aura allows at most 30.", parameterName);
        foreach (var c in v)
        {
            if (char.IsControl(c)) throw Invalid($"-{parameterName} contains a control character.", parameterName);
        }
        return v;
    }

    /// <summary>Throws unless <paramref name="value"/> is a memory size like 8GB; returns it normalised (upper-case unit).</summary>
    public static string Memory(string? value, string parameterName = "Memory")
    {
        var v = (value ?? "").Trim().Replace(" ", "");
        if (!MemoryPattern.IsMatch(v))
        {
            throw Invalid($"-{parameterName} '{Printable(value ?? "")}' is not a memory size; use a value like 8GB.", parameterName);
        }
        return v.Substring(0, v.Length - 2) + v.Substring(v.Length - 2).ToUpperInvariant();
    }

    public static AuraApiException Invalid(string message, string? field = null)
        => new(message, "AuraInvalidArgument", ErrorCategory.InvalidArgument)
        {
            ApiErrors = field is null ? Array.Empty<AuraApiError>() : new[] { new AuraApiError { Field = field, Message = message } },
        };

    private static string Printable(string value)
    {
        var sb = new System.Text.StringBuilder(Math.Min(value.Length, 80));
        foreach (var c in value)
        {
            if (sb.Length >= 80) { sb.Append('…'); break; }
            sb.Append(char.IsControl(c) ? '?' : c);
        }
        return sb.ToString();
    }
}
