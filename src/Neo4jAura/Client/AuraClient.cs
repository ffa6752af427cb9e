using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Models;

namespace Neo4jAura.Client;

/// <summary>
/// The one HTTP layer every cmdlet uses. One instance per AuraConnection; the token cache and the
/// rate limiter behind it are shared process-wide per (base URI, client id), so every runspace and
/// thread of the process shares one token and one request budget.
/// </summary>
/// <remarks>
/// Contract (see CONTRACT.md "Talking to the API"):
/// - Token: POST {BaseUri}/oauth/token, HTTP Basic client id/secret, form grant_type=client_credentials.
///   Cached; one request in flight however many callers wait; renewed shortly before expires_in runs
///   out and once, transparently, on 401/403 from the API. A 429 from the token endpoint becomes an
///   AuraApiException with ErrorCategory LimitsExceeded that says when to try again.
/// - Every API request goes through the process-wide pacer (under 125 requests a minute).
/// - GET: retried on 429, 5xx and transport failures (exponential backoff, jitter, Retry-After, bounded).
///   POST/PATCH/DELETE: retried on 429 only; after a 5xx or a lost connection they are never resent
///   (also not by the socket handler: they go on connections that are never reused) and the
///   exception says the operation may or may not have happened.
/// - Errors are AuraApiException. Verbose/debug lines go to AuraTrace.Current (an AsyncLocal set by the cmdlet).
/// - Every method takes a CancellationToken and honours it at once.
/// </remarks>
internal sealed class AuraClient : IDisposable
{
    public AuraClientOptions Options { get; }

    public AuraClient(AuraClientOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        throw new NotImplementedException("part 2 (issue 4) fills the HTTP layer");
    }

    public void Dispose() { }

    /// <summary>When the cached token expires, or null when none is cached.</summary>
    public DateTimeOffset? TokenExpiresOn => throw new NotImplementedException();

    /// <summary>Gets a token now unless a valid one is cached (Connect-Aura uses it to fail early on bad credentials).</summary>
    public Task EnsureTokenAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Drops the cached token of this connection's credentials (Disconnect-Aura).</summary>
    public void ForgetToken() => throw new NotImplementedException();

    public Task<IReadOnlyList<AuraTenant>> ListTenantsAsync(CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraTenant> GetTenantAsync(string tenantId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<IReadOnlyList<AuraInstance>> ListInstancesAsync(string? tenantId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>POST /instances; the result carries Credential (PSCredential) with the one-time password.</summary>
    public Task<AuraInstance> CreateInstanceAsync(CreateInstanceRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraInstance> UpdateInstanceAsync(string instanceId, UpdateInstanceRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraInstance> PauseInstanceAsync(string instanceId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraInstance> ResumeInstanceAsync(string instanceId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraInstance> OverwriteInstanceAsync(string targetInstanceId, OverwriteInstanceRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<IReadOnlyList<AuraSnapshot>> ListSnapshotsAsync(string instanceId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraSnapshot> GetSnapshotAsync(string instanceId, string snapshotId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    public Task<AuraSnapshot> CreateSnapshotAsync(string instanceId, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>POST .../restore; the result carries Credential with the new instance's one-time password.</summary>
    public Task<AuraInstance> RestoreSnapshotAsync(string instanceId, string snapshotId, RestoreSnapshotRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>
    /// Invoke-AuraApi: any method and path relative to {BaseUri}/{ApiVersion}, with the same token, pacing,
    /// retry rules and errors. The body is JSON text (or null).
    /// </summary>
    public Task<AuraRawResponse> SendRawAsync(HttpMethod method, string relativePath, string? jsonBody, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>Escapes one path segment (ids are validated by AuraInput before they get here).</summary>
    internal static string Escape(string segment) => Uri.EscapeDataString(segment);
}

/// <summary>The raw answer of <see cref="AuraClient.SendRawAsync"/>.</summary>
internal sealed class AuraRawResponse
{
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    /// <summary>The body as text (empty when there was none).</summary>
    public string Body { get; set; } = "";
}
