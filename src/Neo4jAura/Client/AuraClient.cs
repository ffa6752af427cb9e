using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>
/// One connection's view of the Aura API: the transport every request goes through (<see cref="AuraTransport"/>: token,
/// pacing, retries, errors) and the operation groups over it, one per resource (the octokit / Azure SDK shape), so a
/// new resource adds a group, not lines here.
/// </summary>
internal sealed class AuraClient : IDisposable
{
    public AuraClient(AuraClientOptions options)
    {
        Transport = new AuraTransport(options);
        Instances = new InstanceOperations(Transport);
        Snapshots = new SnapshotOperations(Transport);
        Tenants = new TenantOperations(Transport);
        Keys = new KeyOperations(Transport);
        Sessions = new SessionOperations(Transport);
    }

    public AuraTransport Transport { get; }
    public InstanceOperations Instances { get; }
    public SnapshotOperations Snapshots { get; }
    public TenantOperations Tenants { get; }
    public KeyOperations Keys { get; }
    public SessionOperations Sessions { get; }

    public AuraClientOptions Options => Transport.Options;

    /// <summary>When the cached token expires, or null when none is cached.</summary>
    public DateTimeOffset? TokenExpiresOn => Transport.TokenExpiresOn;

    /// <summary>Gets a token now unless a valid one is cached; true when the cached one was used.</summary>
    public Task<bool> EnsureTokenAsync(CancellationToken cancellationToken) => Transport.EnsureTokenAsync(cancellationToken);

    /// <summary>Drops the cached token of this connection's credentials (Disconnect-Aura).</summary>
    public void ForgetToken() => Transport.ForgetToken();

    /// <summary>
    /// Invoke-AuraApi: any method and path relative to {BaseUri}/{ApiVersion}, with the same token, pacing, retry rules
    /// and errors. The body is JSON text (or null; a POST, PUT or PATCH without one sends {}).
    /// </summary>
    public async Task<AuraRawResponse> SendRawAsync(HttpMethod method, string relativePath, string? jsonBody, CancellationToken cancellationToken)
    {
        if (method is null) throw new ArgumentNullException(nameof(method));
        AuraInput.ValidateRelativePath(relativePath, "Path");
        var body = jsonBody is not null
            ? Encoding.UTF8.GetBytes(jsonBody)
            : method == HttpMethod.Post || method == HttpMethod.Put || string.Equals(method.Method, "PATCH", StringComparison.OrdinalIgnoreCase) ? AuraResponses.EmptyObject : null;
        using var outcome = await Transport.SendAsync(method, relativePath, body, cancellationToken).ConfigureAwait(false);
        return new AuraRawResponse
        {
            StatusCode = outcome.Status,
            ContentType = outcome.ContentType,
            RequestId = outcome.RequestId,
            Body = outcome.Body.Length == 0 ? "" : Encoding.UTF8.GetString(outcome.Body.Span.ToArray()),
        };
    }

    /// <summary>Masks what the transport knows to be secret (the token, the client secret) in text taken from an answer.</summary>
    public string MaskKnownSecrets(string text) => Transport.MaskKnownSecrets(text);

    public void Dispose() => Transport.Dispose();
}

/// <summary>The raw answer of <see cref="AuraClient.SendRawAsync"/>.</summary>
internal sealed class AuraRawResponse
{
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? RequestId { get; set; }
    /// <summary>The body as text (empty when there was none).</summary>
    public string Body { get; set; } = "";
}
