using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Neo4jAura.Errors;

/// <summary>
/// A failure talking to the Aura API (or refused input), carrying what the cmdlet needs to build the
/// contract's ErrorRecord. The message never holds a secret, a token or a one-time password.
/// </summary>
public class AuraApiException : Exception
{
    public AuraApiException(string message, string errorId, ErrorCategory category, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>Stable id starting with "Aura", e.g. AuraInstanceNotFound, AuraRateLimited, AuraInvalidArgument.</summary>
    public string ErrorId { get; }
    public ErrorCategory Category { get; }
    /// <summary>HTTP status of the answer, or null when none came (transport failure, refused input).</summary>
    public int? StatusCode { get; init; }
    public string? Method { get; init; }
    /// <summary>The request path relative to the API root, e.g. /instances/abc123.</summary>
    public string? Path { get; init; }
    /// <summary>The answer's X-Request-Id (what Aura support asks for), when it had one.</summary>
    public string? RequestId { get; init; }
    /// <summary>The API's errors[] entries (or its gateway's {"error": ...} as one entry).</summary>
    public IReadOnlyList<AuraApiError> ApiErrors { get; init; } = Array.Empty<AuraApiError>();
    /// <summary>The API's reason of the first error that has one (e.g. ongoing-database-operation).</summary>
    public string? Reason => AuraErrors.ReasonOf(ApiErrors);
    /// <summary>When the API (or the token endpoint) asked to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>True for a POST/PATCH/DELETE that failed with a 5xx or a lost connection: it may or may not have happened.</summary>
    public bool OperationMayHaveHappened { get; init; }
    /// <summary>What the user could do next (goes into ErrorDetails.RecommendedAction).</summary>
    public string? RecommendedAction { get; init; }

    /// <summary>The contract's ErrorRecord for one pipeline item.</summary>
    public ErrorRecord ToErrorRecord(object? targetObject)
    {
        var record = new ErrorRecord(this, ErrorId, Category, targetObject);
        if (RecommendedAction is not null)
        {
            record.ErrorDetails = new ErrorDetails(Message) { RecommendedAction = RecommendedAction };
        }
        return record;
    }
}
