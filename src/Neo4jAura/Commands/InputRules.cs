using System;
using Neo4jAura.Client;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>
/// The cmdlets' input checks before anything is sent: trims what a paste may add, then applies the client's
/// <see cref="AuraInput"/> rules. Each failure is an AuraApiException with ErrorId AuraInvalidArgument.
/// </summary>
internal static class InputRules
{
    /// <summary>An Aura id (letters, digits, '.', '_', '-'; no "..").</summary>
    public static string Id(string? value, string parameterName) => AuraInput.ValidateId(value?.Trim(), parameterName);

    /// <summary>An instance name (1 to 30 characters, no control characters).</summary>
    public static string Name(string? value, string parameterName = "Name") => AuraInput.ValidateName(value?.Trim(), parameterName);

    /// <summary>A memory size like 8GB (spaces dropped, unit upper-cased first).</summary>
    public static string Memory(string? value, string parameterName = "Memory")
        => AuraInput.ValidateMemory(value?.Replace(" ", "").Trim().ToUpperInvariant(), parameterName);

    public static AuraApiException Invalid(string message, string? field = null)
        => new(message, "AuraInvalidArgument", System.Management.Automation.ErrorCategory.InvalidArgument)
        {
            ApiErrors = field is null ? Array.Empty<AuraApiError>() : new[] { new AuraApiError { Field = field, Message = message } },
        };
}
