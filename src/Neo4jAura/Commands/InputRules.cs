using System;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Neo4jAura.Client;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>
/// The cmdlets' input checks before anything is sent: trims what a paste may add, then applies the client's
/// <see cref="AuraInput"/> rules. Each failure is an AuraApiException with ErrorId AuraInvalidArgument.
/// </summary>
internal static class InputRules
{
    private static readonly Regex VersionPattern = new("^[0-9]+(\\.[0-9]+)*$", RegexOptions.CultureInvariant);

    /// <summary>An Aura id (letters, digits, '.', '_', '-'; no "..").</summary>
    public static string Id(string? value, string parameterName) => AuraInput.ValidateId(value?.Trim(), parameterName);

    /// <summary>An instance name (1 to 30 characters, no control characters).</summary>
    public static string Name(string? value, string parameterName = "Name") => AuraInput.ValidateName(value?.Trim(), parameterName);

    /// <summary>A size like 8GB (spaces dropped, unit upper-cased first).</summary>
    public static AuraSize Size(string? value, string parameterName)
        => new(AuraInput.ValidateMemory(value?.Replace(" ", "").Trim().ToUpperInvariant(), parameterName));

    /// <summary>A Neo4j version such as 5 or 4.4.</summary>
    public static string Version(string? value, string parameterName = "Version")
    {
        var trimmed = value?.Trim() ?? "";
        if (!VersionPattern.IsMatch(trimmed))
        {
            throw Invalid($"The -{parameterName} value {AuraInput.Quote(value)} is not a Neo4j version: write it like '5' (Aura's latest) or '4'.");
        }
        return trimmed;
    }

    /// <summary>A wildcard pattern that PowerShell can use (a lone '[' is refused here, before any request).</summary>
    public static WildcardPattern Wildcard(string value, string parameterName)
    {
        var pattern = new WildcardPattern(value, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        try
        {
            pattern.IsMatch("");
        }
        catch (WildcardPatternException ex)
        {
            throw Invalid($"The -{parameterName} value {AuraInput.Quote(value)} is not a valid wildcard pattern ({ex.Message.TrimEnd('.')}). Escape a literal '[' or ']' with a backtick (`[), or use [WildcardPattern]::Escape().");
        }
        return pattern;
    }

    public static AuraApiException Invalid(string message, string? field = null)
        => new(message, "AuraInvalidArgument", ErrorCategory.InvalidArgument)
        {
            ApiErrors = field is null ? Array.Empty<AuraApiError>() : new[] { new AuraApiError { Field = field, Message = message } },
            RecommendedAction = "Correct the value named in the message and run the command again.",
        };
}
