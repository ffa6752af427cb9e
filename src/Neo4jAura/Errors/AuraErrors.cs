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

    /// <summary>"name: must be at most 30 characters (name too long); ..." from the API's errors[].</summary>
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
        return string.Join("; ", parts);
    }

    /// <summary>Which kind of object a path names, for 404s: snapshot, instance, tenant or null.</summary>
    public static string? ObjectKind(string path)
    {
        var q = path.IndexOf('?');
        var segments = (q < 0 ? path : path.Substring(0, q)).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 4 && segments[0] == "instances" && segments[2] == "snapshots") return "snapshot";
        if (segments.Length >= 2 && segments[0] == "instances") return "instance";
        if (segments.Length >= 2 && segments[0] == "tenants") return "tenant";
        return null;
    }

    /// <summary>The exception for an HTTP answer that is not a success.</summary>
    public static AuraApiException FromStatus(
        int status, string? reasonPhrase, string method, string path, IReadOnlyList<AuraApiError> apiErrors,
        string? bodySnippet, string? contentType, TimeSpan? retryAfter, bool idempotent, int attempts)
    {
        var statusText = StatusText(status, reasonPhrase);
        var sb = new StringBuilder($"Aura API answered {statusText} to {method} {path}");
        var described = Describe(apiErrors);
        if (described.Length > 0) sb.Append(": ").Append(described);
        else if (!string.IsNullOrEmpty(bodySnippet)) sb.Append($" ({contentType ?? "no content type"}): ").Append(bodySnippet);
        sb.Append('.');

        string errorId;
        ErrorCategory category;
        string? action;
        var mayHaveHappened = false;
        switch (status)
        {
            case 400:
            case 422:
                errorId = "AuraBadRequest"; category = ErrorCategory.InvalidArgument;
                action = "Correct the request (see the field named in the message) and try again.";
                break;
            case 401:
                errorId = "AuraUnauthorized"; category = ErrorCategory.AuthenticationError;
                action = "Check the client id and secret, then run Connect-Aura again.";
                break;
            case 403:
                errorId = "AuraPermissionDenied"; category = ErrorCategory.PermissionDenied;
                action = "Check that these API credentials may use this tenant and resource.";
                break;
            case 404:
                switch (ObjectKind(path))
                {
                    case "snapshot":
                        errorId = "AuraSnapshotNotFound"; action = "Run Get-AuraSnapshot -InstanceId <id> to list the instance's snapshots."; break;
                    case "instance":
                        errorId = "AuraInstanceNotFound"; action = "Run Get-AuraInstance to list the instances you can see."; break;
                    case "tenant":
                        errorId = "AuraTenantNotFound"; action = "Run Get-AuraTenant to list the tenants you can see."; break;
                    default:
                        errorId = "AuraNotFound"; action = null; break;
                }
                category = ErrorCategory.ObjectNotFound;
                break;
            case 409:
                errorId = "AuraConflict"; category = ErrorCategory.ResourceExists;
                action = "Wait until the instance's current operation has finished (Wait-AuraInstance), then try again.";
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

        return new AuraApiException(sb.ToString(), errorId, category)
        {
            StatusCode = status,
            Method = method,
            Path = path,
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

    public static string FormatDuration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 10) return span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        if (span.TotalSeconds < 120) return Math.Round(span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        if (span.TotalMinutes < 120) return Math.Ceiling(span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " minutes";
        return span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " hours";
    }

    private static string InnermostMessage(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Contains(e.Message)) messages.Add(e.Message.Trim().TrimEnd('.'));
        }
        return string.Join(": ", messages.Take(3)) + ".";
    }
}
