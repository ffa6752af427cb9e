using System;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>Checks user input before anything is sent, so bad input fails with a clear error and no request.</summary>
internal static class AuraInput
{
    /// <summary>Longest id accepted (Aura ids are 8 hex digits or UUIDs; this leaves room for future formats).</summary>
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 30;

    private static readonly Regex MemoryPattern = new("^[1-9][0-9]*GB\\z", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="c"/> may appear in an id: ASCII letters, digits, '.', '_' and '-'.</summary>
    public static bool IsIdChar(char c)
        => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == ':';

    /// <summary>True when <paramref name="value"/> is a safe id (see <see cref="ValidateId"/>).</summary>
    public static bool IsValidId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value!.Length > MaxIdLength) return false;
        foreach (var c in value)
        {
            if (!IsIdChar(c)) return false;
        }
        return value != "." && value.IndexOf("..", StringComparison.Ordinal) < 0;
    }

    /// <summary>
    /// Refuses an id that is empty, longer than 64 characters, has anything but letters, digits, '.', '_', '-' and ':'
    /// (Aura's snapshot ids may be times: 2023-01-20T18:07:25Z-adhoc), or is/contains "..": such a value could change
    /// the request path ('/', '?', '#', '%', dot segments).
    /// </summary>
    public static string ValidateId(string? value, string parameterName)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value must not be empty.");
        }
        if (value!.Length > MaxIdLength)
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} is too long for an Aura id ({value.Length} characters; at most {MaxIdLength}).");
        }
        if (!IsValidId(value))
        {
            throw Invalid(parameterName, value,
                $"The -{parameterName} value {Quote(value)} is not a valid Aura id: it may hold only letters, digits, '.', '_', '-' and ':', and not \"..\".");
        }
        return value;
    }

    /// <summary>Refuses an instance name that is empty, longer than 30 characters or holds control characters.</summary>
    public static string ValidateName(string? value, string parameterName = "Name")
    {
        if (string.IsNullOrEmpty(value) || value!.Trim().Length == 0)
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value must not be empty.");
        }
        if (value.Length > MaxNameLength)
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} is too long: an Aura instance name has at most {MaxNameLength} characters (this one has {value.Length}).");
        }
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} holds a control character; use printable characters only.");
            }
        }
        return value;
    }

    /// <summary>Refuses a memory size that is not a whole number of gigabytes written like "8GB".</summary>
    public static string ValidateMemory(string? value, string parameterName = "Memory")
    {
        if (value is null || !MemoryPattern.IsMatch(value))
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} is not a memory size: write a whole number of gigabytes such as '8GB'.");
        }
        return value;
    }

    /// <summary>
    /// Refuses an Invoke-AuraApi path that is not relative to the API root: it must start with '/', may not name
    /// a scheme or host ("//", "\\"), may not hold dot segments (also percent-encoded), '#', whitespace or control characters.
    /// A query string after '?' is allowed.
    /// </summary>
    public static string ValidateRelativePath(string? value, string parameterName = "Path")
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value must not be empty; give a path relative to the API root such as '/instances'.");
        }
        if (value![0] != '/')
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} must start with '/' and be relative to the API root, such as '/instances'.");
        }
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == '#' || c == '\\')
            {
                throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} holds a character a path may not hold (whitespace, control characters, '#' or '\\').");
            }
        }
        var q = value.IndexOf('?');
        var pathPart = q < 0 ? value : value.Substring(0, q);
        if (pathPart.IndexOf("//", StringComparison.Ordinal) >= 0 || pathPart.IndexOf(':') >= 0)
        {
            throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} must be a path relative to the API root, not a URL with a scheme or host.");
        }
        foreach (var rawSegment in pathPart.Split('/'))
        {
            var segment = rawSegment.Replace("%2e", ".").Replace("%2E", ".");
            if (segment == "." || segment == ".." || rawSegment.IndexOf("%2f", StringComparison.OrdinalIgnoreCase) >= 0 || rawSegment.IndexOf("%5c", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw Invalid(parameterName, value, $"The -{parameterName} value {Quote(value)} may not hold '.' or '..' segments or encoded slashes.");
            }
        }
        return value;
    }

    /// <summary>The value in single quotes, control characters escaped, cut at 40 characters.</summary>
    internal static string Quote(string? value)
    {
        if (value is null) return "(null)";
        const int max = 40;
        var sb = new StringBuilder("'");
        var n = 0;
        foreach (var c in value)
        {
            if (n++ == max) { sb.Append('…'); break; }
            if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4"));
            else sb.Append(c);
        }
        return sb.Append('\'').ToString();
    }

    private static AuraApiException Invalid(string parameterName, string? value, string message)
        => new(message, "AuraInvalidArgument", ErrorCategory.InvalidArgument)
        {
            RecommendedAction = $"Correct the -{parameterName} value and run the command again.",
        };
}
