namespace Neo4jAura.Emulator.Api;

/// <summary>One entry of an Error body; <see cref="Reason"/> is always sent (Aura sends "" for session errors).</summary>
public sealed record AuraErrorItem(string Message, string Reason, string? Field = null);

/// <summary>Aura's application error body: {"errors":[{"message","reason","field"?}]}.</summary>
public sealed record AuraErrorBody(IReadOnlyList<AuraErrorItem> Errors);

/// <summary>Aura's gateway (middleware) error body: {"error": "..."}.</summary>
public sealed record MiddlewareErrorBody(string Error);

/// <summary>Thrown by the store and the handlers; the pipeline turns it into an Error answer.</summary>
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

    public static ApiException BadRequest(string message, string reason, string? field = null) => new(400, message, reason, field);

    public static ApiException InstanceNotFound(string id, string? field = null) =>
        new(404, $"DB not found: {id}", Reasons.DbNotFound, field);

    /// <summary>404 for an unknown tenant in the path, with Aura's message (which does not name the tenant).</summary>
    public static ApiException TenantNotFound() => new(404, "The tenant you specified could not be found", Reasons.TenantNotFound);

    public static ApiException SnapshotNotFound(string snapshotId, string? field = null) =>
        new(404, $"Snapshot not found: {snapshotId}", Reasons.SnapshotNotFound, field);

    public static ApiException KeyNotFound(string id) => new(404, $"Encryption Key not found: {id}", Reasons.KeyNotFound);

    public static ApiException SessionNotFound(string id) => new(404, $"session with id `{id}` not found", "");

    /// <summary>409 for an instance whose status shows an operation under way, in Aura's words ("current", sic).</summary>
    public static ApiException Busy(string status) =>
        new(409, $"The database is current undergoing an operation: {status}", Reasons.OngoingOperation);
}

/// <summary>The reasons the emulator puts in Error bodies. Aura's own where known, the emulator's choice elsewhere.</summary>
public static class Reasons
{
    // Aura's own (from its API description).
    public const string DbNotFound = "db-not-found";
    public const string TenantNotFound = "tenant-not-found";
    public const string SnapshotNotFound = "snapshot-not-found";
    public const string KeyNotFound = "encryption-key-not-found";
    public const string KeyIsActive = "encryption-key-is-active";
    public const string OngoingOperation = "ongoing-database-operation";
    public const string MissingBillingDetails = "missing-billing-details";

    // The emulator's choice where Aura's are not published.
    public const string Required = "required";
    public const string InvalidType = "invalid-type";
    public const string InvalidValue = "invalid-value";
    public const string TooLong = "too-long";
    public const string UnsupportedConfiguration = "unsupported-configuration";
    public const string InvalidJson = "invalid-json";
    public const string InvalidEncoding = "invalid-encoding";
    public const string InvalidRequest = "invalid-request";
    public const string BodyTooLarge = "request-body-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string InstanceNotRunning = "instance-not-running";
    public const string InstanceNotPaused = "instance-not-paused";
    public const string InstanceLimitReached = "instance-limit-reached";
    public const string NotUpgradable = "instance-type-not-upgradable";
    public const string UnsupportedTier = "action-unsupported-for-tier";
    public const string SizeDisparity = "db-overwrite-size-disparity";
    public const string SnapshotNotExportable = "snapshot-not-exportable";
    public const string SnapshotNotRestorable = "snapshot-not-restorable";
    public const string PaymentRequired = "payment-required";
    public const string KeyNotReady = "encryption-key-not-ready";
    public const string KeyMismatch = "encryption-key-mismatch";
    public const string InternalError = "internal-error";
    public const string InjectedFault = "injected-fault";
    public const string Forbidden = "forbidden";

    // OAuth token endpoint errors (RFC 6749 5.2).
    public const string InvalidClient = "invalid_client";
    public const string InvalidOAuthRequest = "invalid_request";
    public const string UnsupportedGrantType = "unsupported_grant_type";
}
