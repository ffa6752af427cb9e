namespace Neo4jAura.Emulator.Api;

/// <summary>One entry of an AuraError body.</summary>
public sealed record AuraErrorItem(string Message, string? Reason = null, string? Field = null);

/// <summary>The AuraError body: {"errors":[{"message","reason","field"}]}.</summary>
public sealed record AuraErrorBody(IReadOnlyList<AuraErrorItem> Errors);

/// <summary>Thrown by the store and the handlers; the pipeline turns it into an AuraError answer.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, IReadOnlyList<AuraErrorItem> errors)
        : base(errors.Count > 0 ? errors[0].Message : "Error")
    {
        Status = status;
        Errors = errors;
    }

    public ApiException(int status, string message, string reason, string? field = null)
        : this(status, new[] { new AuraErrorItem(message, reason, field) })
    {
    }

    public int Status { get; }
    public IReadOnlyList<AuraErrorItem> Errors { get; }

    public static ApiException NotFound(string message) => new(404, message, Reasons.NotFound);
    public static ApiException InvalidState(string message) => new(400, message, Reasons.InvalidState);
    public static ApiException BadRequest(string message, string reason, string? field = null) => new(400, message, reason, field);
}

/// <summary>The machine-readable reasons the emulator puts in AuraError bodies.</summary>
public static class Reasons
{
    public const string Required = "required";
    public const string InvalidType = "invalid-type";
    public const string InvalidValue = "invalid-value";
    public const string TooLong = "too-long";
    public const string UnsupportedConfiguration = "unsupported-configuration";
    public const string InvalidJson = "invalid-json";
    public const string InvalidRequest = "invalid-request";
    public const string InvalidState = "invalid-state";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string Unauthorized = "unauthorized";
    public const string TokenExpired = "token-expired";
    public const string RateLimited = "rate-limit-exceeded";
    public const string InternalError = "internal-error";
    public const string ServiceUnavailable = "service-unavailable";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "unsupported_grant_type";
}
