using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace Neo4jAura.Errors;

/// <summary>Builds the module's AuraApiExceptions: stable ErrorIds, categories, messages and recommended actions.</summary>
internal static class AuraErrors
{
    public const string MayHaveHappened = "The request may or may not have been carried out; check with Get-AuraInstance before trying again.";

    /// <summary>The reason phrase of a status code (HTTP/2 answers carry none).</summary>
    public static string ReasonPhrase(int status, string? sent = null)
    {
        var known = status switch
        {
            200 => "OK", 201 => "Created", 202 => "Accepted", 204 => "No Content",
            400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
            405 => "Method Not Allowed", 408 => "Request Timeout", 409 => "Conflict", 410 => "Gone",
            413 => "Payload Too Large", 415 => "Unsupported Media Type", 422 => "Unprocessable Entity",
            429 => "Too Many Requests", 500 => "Internal Server Error", 501 => "Not Implemented",
            502 => "Bad Gateway", 503 => "Service Unavailable", 504 => "Gateway Timeout",
            _ => null,
        };
        return known ?? (string.IsNullOrWhiteSpace(sent) ? "" : sent!.Trim());
    }

    public static string StatusText(int status, string? sent = null)
    {
        var reason = ReasonPhrase(status, sent);
        return reason.Length == 0 ? status.ToString(CultureInfo.InvariantCulture) : $"{status} {reason}";
    }

    /// <summary>
    /// Most characters of the API's own words that go into an error message: a broken or hostile answer may put
    /// megabytes into "message", and PowerShell prints an error's message whole (a non-JSON body is quoted even more
    /// briefly, <see cref="Neo4jAura.Client.Redactor.Snippet"/>). <see cref="AuraApiException.ApiErrors"/> keeps them whole.
    /// </summary>
    internal const int MaxDescribedChars = 1000;

    /// <summary>
    /// "name: must be at most 30 characters (name too long); ..." from the API's errors[], at most
    /// <see cref="MaxDescribedChars"/> characters of it (then "… (N more characters)").
    /// </summary>
    public static string Describe(IReadOnlyList<AuraApiError> errors)
    {
        var parts = new List<string>();
        foreach (var e in errors)
        {
            var sb = new StringBuilder();
            if (!string.IsNullOrEmpty(e.Field)) sb.Append(e.Field).Append(": ");
            var text = !string.IsNullOrEmpty(e.Message) ? e.Message : e.Reason;
            sb.Append(text);
            if (!string.IsNullOrEmpty(e.Message) && !string.IsNullOrEmpty(e.Reason) && !string.Equals(e.Message, e.Reason, StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(" (").Append(e.Reason).Append(')');
            }
            if (sb.Length > 0) parts.Add(sb.ToString());
        }
        var all = string.Join("; ", parts);
        if (all.Length <= MaxDescribedChars) return all;
        var cut = char.IsHighSurrogate(all[MaxDescribedChars - 1]) ? MaxDescribedChars - 1 : MaxDescribedChars;
        return all.Substring(0, cut) + $"… ({(all.Length - cut).ToString(CultureInfo.InvariantCulture)} more characters)";
    }

    /// <summary>What Connect-Aura's errors recommend for refused client credentials (one place, one wording).</summary>
    public const string CredentialsAction =
        "Check the client id and secret (create them in the Aura console under Account settings > API keys), then run Connect-Aura again.";

    /// <summary>Which kind of object a path names, for 404s: snapshot, instance, tenant, key, session or null.</summary>
    public static string? ObjectKind(string path)
    {
        var q = path.IndexOf('?');
        var segments = (q < 0 ? path : path.Substring(0, q)).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 4 && segments[0] == "instances" && segments[2] == "snapshots") return "snapshot";
        if (segments.Length >= 2 && segments[0] == "instances") return "instance";
        if (segments.Length >= 2 && segments[0] == "tenants") return "tenant";
        if (segments.Length >= 2 && segments[0] == "customer-managed-keys") return "key";
        if (segments.Length >= 3 && segments[0] == "graph-analytics" && segments[1] == "sessions") return "session";
        return null;
    }

    /// <summary>The API's reason of the first error that has one (e.g. ongoing-database-operation).</summary>
    public static string? ReasonOf(IReadOnlyList<AuraApiError> errors)
        => errors.Select(e => e.Reason).FirstOrDefault(r => !string.IsNullOrWhiteSpace(r));

    /// <summary>The exception for an HTTP answer that is not a success.</summary>
    public static AuraApiException FromStatus(
        int status, string? reasonPhrase, string method, string path, IReadOnlyList<AuraApiError> apiErrors,
        string? bodySnippet, string? contentType, TimeSpan? retryAfter, bool idempotent, int attempts,
        string? requestId = null, string? location = null, bool refusedAfterRenewal = false)
    {
        var statusText = StatusText(status, reasonPhrase);
        var sb = new StringBuilder($"Aura API answered {statusText} to {method} {path}");
        var described = Describe(apiErrors);
        if (described.Length > 0) sb.Append(": ").Append(described);
        else if (!string.IsNullOrEmpty(bodySnippet)) sb.Append($" ({contentType ?? "no content type"}): ").Append(bodySnippet);
        sb.Append('.');

        var reason = ReasonOf(apiErrors);
        var field = apiErrors.Select(e => e.Field).FirstOrDefault(f => !string.IsNullOrWhiteSpace(f));
        string errorId;
        ErrorCategory category;
        string? action;
        var mayHaveHappened = false;
        switch (status)
        {
            case 308:
                errorId = "AuraRedirectRefused"; category = ErrorCategory.InvalidOperation;
                sb.Append(location is null ? " It named no new location." : $" It moved to {location}, which the module does not follow: only https on the same host is followed, so the token never leaves it.");
                action = "Check -BaseUri (the Aura API is https://api.neo4j.io) and update Neo4jAura if the API has moved.";
                break;
            case 400:
            case 422:
                category = ErrorCategory.InvalidArgument;
                switch (reason)
                {
                    case "missing-billing-details":
                        errorId = "AuraBillingDetailsMissing";
                        action = "Add billing details in the Aura console (Billing), then try again.";
                        break;
                    case "encryption-key-is-active":
                        errorId = "AuraCustomerManagedKeyInUse";
                        action = "Delete the instances that use the key first (Get-AuraInstance | Where-Object CustomerManagedKeyId -eq <id>), then remove the key.";
                        break;
                    case "invalid-state":
                        errorId = "AuraInvalidState";
                        action = "Check the instance's status with Get-AuraInstance (wait with Wait-AuraInstance) and try again when it allows this operation.";
                        break;
                    default:
                        errorId = "AuraBadRequest";
                        action = field is null
                            ? "Correct the request as the message says and try again."
                            : $"Correct the value the API names ('{field}') and try again.";
                        break;
                }
                break;
            case 401:
                errorId = "AuraUnauthorized"; category = ErrorCategory.AuthenticationError;
                action = refusedAfterRenewal
                    ? "The API refused a token fetched just now: check that these API credentials are still valid, then run Connect-Aura again."
                    : "Check the client id and secret, then run Connect-Aura again.";
                break;
            case 402:
                errorId = "AuraPaymentRequired"; category = ErrorCategory.QuotaExceeded;
                action = "Check the billing details and plan of the project in the Aura console.";
                break;
            case 403:
                errorId = "AuraPermissionDenied"; category = ErrorCategory.PermissionDenied;
                if (refusedAfterRenewal) sb.Append(" The token was valid (it was renewed and refused again): these credentials may not do this.");
                action = "Check that these API credentials may use this project and resource (the user who made them needs that role).";
                break;
            case 404:
                // The API's reason says what was not found (an overwrite's unknown snapshot is a 404 on the instance's
                // path); the path says it when there is no reason.
                switch (reason switch
                {
                    "snapshot-not-found" => "snapshot",
                    "db-not-found" or "instance-not-found" => "instance",
                    "tenant-not-found" or "project-not-found" => "tenant",
                    "encryption-key-not-found" => "key",
                    _ => ObjectKind(path),
                })
                {
                    case "snapshot":
                        errorId = "AuraSnapshotNotFound"; action = "Run Get-AuraSnapshot -InstanceId <id> (-Date or -Since for earlier days) to list the instance's snapshots."; break;
                    case "instance":
                        errorId = "AuraInstanceNotFound"; action = "Run Get-AuraInstance to list the instances you can see (-Name finds one by name)."; break;
                    case "tenant":
                        errorId = "AuraTenantNotFound"; action = "Run Get-AuraTenant to list the tenants (projects) you can see."; break;
                    case "key":
                        errorId = "AuraCustomerManagedKeyNotFound"; action = "Run Get-AuraCustomerManagedKey to list the keys you can see."; break;
                    case "session":
                        errorId = "AuraGraphAnalyticsSessionNotFound"; action = "Run Get-AuraGraphAnalyticsSession to list the sessions you can see."; break;
                    default:
                        errorId = "AuraNotFound"; action = null; break;
                }
                category = ErrorCategory.ObjectNotFound;
                break;
            case 405:
                errorId = "AuraInstanceLimitReached"; category = ErrorCategory.QuotaExceeded;
                action = "Aura does not allow creating instances now (usually the project's instance limit): delete instances you no longer need or ask Aura to raise the limit.";
                break;
            case 409:
                category = ErrorCategory.ResourceBusy;
                if (reason == "ongoing-database-operation")
                {
                    errorId = "AuraOperationInProgress";
                    action = "Wait until the instance's current operation has finished (Wait-AuraInstance), then try again.";
                }
                else if (ObjectKind(path) == "session" || path.StartsWith("/graph-analytics/sessions", StringComparison.Ordinal))
                {
                    errorId = "AuraGraphAnalyticsSessionConflict";
                    action = "A session with this name exists with other settings: pick another -Name, or remove the existing session first.";
                }
                else
                {
                    errorId = "AuraConflict";
                    action = "Wait until the resource's current operation has finished, then try again.";
                }
                break;
            case 415:
                errorId = "AuraUnsupportedMediaType"; category = ErrorCategory.InvalidOperation;
                action = "The request's content type was refused; with Invoke-AuraApi send a JSON -Body.";
                break;
            case 420:
                errorId = "AuraUnsupportedForTier"; category = ErrorCategory.NotImplemented;
                action = "This action is not available for this tier of instance (e.g. AuraDB Free); use an instance of another type.";
                break;
            case 429:
                errorId = "AuraRateLimited"; category = ErrorCategory.LimitsExceeded;
                if (attempts > 1) sb.Append($" Gave up after {attempts} attempts.");
                if (retryAfter is { } ra) sb.Append($" The API asks to wait {FormatDuration(ra)} before trying again.");
                action = "Send fewer requests (the Aura API allows 125 a minute per client) and try again later.";
                break;
            default:
                if (status >= 500)
                {
                    errorId = "AuraServerError"; category = ErrorCategory.ResourceUnavailable;
                    if (!idempotent)
                    {
                        mayHaveHappened = true;
                        sb.Append(' ').Append(MayHaveHappened);
                        action = "Run Get-AuraInstance to see whether the operation happened before you send it again.";
                    }
                    else
                    {
                        if (attempts > 1) sb.Append($" Gave up after {attempts} attempts.");
                        action = "The Aura API is having trouble; try again later.";
                    }
                }
                else
                {
                    errorId = "AuraRequestFailed"; category = ErrorCategory.InvalidOperation; action = null;
                }
                break;
        }
        if (requestId is not null) sb.Append($" (Request id {requestId}: quote it to Aura support.)");

        return new AuraApiException(sb.ToString(), errorId, category)
        {
            StatusCode = status,
            Method = method,
            Path = path,
            RequestId = requestId,
            ApiErrors = apiErrors,
            RetryAfter = retryAfter,
            OperationMayHaveHappened = mayHaveHappened,
            RecommendedAction = action,
        };
    }

    /// <summary>No answer came: the connection failed or dropped, or the attempt timed out.</summary>
    public static AuraApiException Transport(string method, string path, Exception inner, bool timedOut, TimeSpan timeout, bool idempotent, int attempts)
    {
        var sb = new StringBuilder();
        if (timedOut) sb.Append($"The Aura API did not answer {method} {path} within {FormatDuration(timeout)}.");
        else sb.Append($"The connection to the Aura API was lost during {method} {path}: {InnermostMessage(inner)}");
        if (!idempotent) sb.Append(' ').Append(MayHaveHappened);
        else if (attempts > 1) sb.Append($" Gave up after {attempts} attempts.");
        return new AuraApiException(sb.ToString(), timedOut ? "AuraRequestTimeout" : "AuraConnectionLost",
            timedOut ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError, inner)
        {
            Method = method,
            Path = path,
            OperationMayHaveHappened = !idempotent,
            RecommendedAction = (!idempotent
                ? "Run Get-AuraInstance to see whether the operation happened before you send it again."
                : "Check the network connection (and any proxy) to the Aura API, then try again.")
                + (timedOut ? " On a slow network, allow more time with Connect-Aura -RequestTimeoutSec." : ""),
        };
    }

    /// <summary>An answer the module cannot use (HTML from a proxy, empty, malformed, no "data", too large).</summary>
    public static AuraApiException InvalidResponse(int status, string? reasonPhrase, string method, string path, string? contentType, string problem, string? snippet, Exception? inner = null)
    {
        var sb = new StringBuilder($"The Aura API answered {StatusText(status, reasonPhrase)} to {method} {path} with {problem} (content type {contentType ?? "none"})");
        if (!string.IsNullOrEmpty(snippet)) sb.Append(": ").Append(snippet);
        sb.Append('.');
        return new AuraApiException(sb.ToString(), "AuraInvalidResponse", ErrorCategory.InvalidResult, inner)
        {
            StatusCode = status,
            Method = method,
            Path = path,
            RecommendedAction = "Check -BaseUri (it should be the Aura API, such as https://api.neo4j.io) and any proxy between you and it.",
        };
    }

    /// <summary>
    /// A list answer named an object by an id that cannot go into a request path: the API's fault, not the user's, so
    /// the error says so instead of blaming a parameter the user never gave.
    /// </summary>
    public static AuraApiException UnusableListedId(string listed, string id)
        => new($"The Aura API listed {listed} under the id {Neo4jAura.Client.AuraInput.Quote(id)}, which cannot go into a request path " +
               "(an Aura id holds only letters, digits, '.', '_', '-' and ':'): its details were not read.", "AuraInvalidResponse", ErrorCategory.InvalidResult)
        {
            RecommendedAction = "The rest of the list is unaffected. If the API really sends such ids, report it to Aura support (Get-AuraInstance -Summary and Get-AuraTenant -Summary show what it listed).",
        };

    /// <summary>A create answered with an id that cannot go into a request path: the instance is output as answered, not waited for.</summary>
    public static AuraApiException UnwaitableCreatedId(string id, string? name)
        => new($"Aura created instance {(string.IsNullOrEmpty(name) ? "" : name + " ")}but answered with the id {Neo4jAura.Client.AuraInput.Quote(id)}, which cannot go into a request path: " +
               "the module cannot wait for it. It was output as Aura answered, with its one-time password in Credential.", "AuraInvalidResponse", ErrorCategory.InvalidResult)
        {
            RecommendedAction = "Store the password from the output now; then find the instance with Get-AuraInstance -Name and watch it in the Aura console.",
        };

    public static string FormatDuration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 10) return span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        if (span.TotalSeconds < 120) return Math.Round(span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        if (span.TotalMinutes < 120) return Math.Ceiling(span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " minutes";
        return span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " hours";
    }

    public static string InnermostMessage(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Contains(e.Message)) messages.Add(e.Message.Trim().TrimEnd('.'));
        }
        return string.Join(": ", messages.Take(3)) + ".";
    }
}
