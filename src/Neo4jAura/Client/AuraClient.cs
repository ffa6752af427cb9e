using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Errors;
using Neo4jAura.Models;
using Polly;
using Polly.Retry;

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
    /// <summary>Largest answer read (a list of 10,000 instances is a few MB).</summary>
    internal const int MaxResponseBytes = 64 * 1024 * 1024;
    /// <summary>First backoff delay; doubles per attempt.</summary>
    internal static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(1);
    /// <summary>No backoff delay is longer.</summary>
    internal static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(30);
    /// <summary>Backoff delays are the exponential value times a factor in [1 - JitterRatio, 1 + JitterRatio] (capped).</summary>
    internal const double JitterRatio = 0.2;
    /// <summary>A Retry-After is honoured plus up to this much jitter.</summary>
    internal static readonly TimeSpan RetryAfterJitter = TimeSpan.FromMilliseconds(250);
    /// <summary>A Retry-After longer than this is not waited for: the error is reported with RetryAfter set.</summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);
    /// <summary>Debug lines show at most this many characters of a body.</summary>
    private const int MaxDebugChars = 8192;

    internal static readonly string UserAgent = "Neo4jAura/" + (typeof(AuraClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") + " PowerShell";
    private static readonly HttpMethod Patch = new("PATCH");
    private static readonly byte[] TokenForm = Encoding.ASCII.GetBytes("grant_type=client_credentials");

    private readonly TimeProvider _time;
    private readonly List<HttpMessageHandler> _handlers = new();
    // GET/HEAD/OPTIONS: an ordinary pooled client (keep-alive). If a reused connection turns out to be dead, the
    // handler may silently send the request again: harmless for idempotent requests.
    private readonly HttpClient _pooled;
    // Everything else (POST, PATCH, DELETE, the token request): every request carries "Connection: close", so no
    // connection of this client is ever returned to its pool and every request goes on a fresh connection.
    // SocketsHttpHandler silently re-sends a request when a *reused* pooled connection closes before any response
    // byte arrives; on a new connection it never does. So a non-idempotent request is sent exactly once per attempt
    // we make, and we only make another attempt after a 429 (the API refused it before acting).
    private readonly HttpClient _fresh;
    private readonly AuraSharedEntry _shared;
    private readonly AuraTokenCache _tokens;
    private readonly string _apiRoot;
    private readonly string _tokenUrl;
    private readonly ResiliencePipeline<AuraHttpOutcome> _idempotentPipeline;
    private readonly ResiliencePipeline<AuraHttpOutcome> _unsafePipeline;
    private readonly ResiliencePipeline<AuraHttpOutcome> _tokenPipeline;
    private readonly Func<double> _jitter;
    private int _disposed;

    public AuraClient(AuraClientOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.BaseUri is null || !options.BaseUri.IsAbsoluteUri)
        {
            throw new AuraApiException("The base URI must be an absolute http or https URI, such as https://api.neo4j.io.", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }
        if (options.BaseUri.Scheme != Uri.UriSchemeHttps && options.BaseUri.Scheme != Uri.UriSchemeHttp)
        {
            throw new AuraApiException($"The base URI '{options.BaseUri}' must use https (or http for a local emulator).", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }
        if (string.IsNullOrEmpty(options.ClientId))
        {
            throw new AuraApiException("The client id must not be empty.", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }
        if (string.IsNullOrEmpty(options.ApiVersion) || !AuraInput.IsValidId(options.ApiVersion))
        {
            throw new AuraApiException($"The API version {AuraInput.Quote(options.ApiVersion)} is not valid; use v1 or v1beta3.", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }
        if (options.RequestsPerMinute < 1)
        {
            throw new AuraApiException("RequestsPerMinute must be at least 1.", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }

        _time = options.TimeProvider ?? TimeProvider.System;
        _jitter = options.Jitter ?? DefaultJitter;
        var root = options.BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _apiRoot = root + "/" + options.ApiVersion;
        _tokenUrl = root + "/oauth/token";

        _shared = AuraSharedState.GetEntry(options.BaseUri, options.ClientId, options.RequestsPerMinute, _time);
        _tokens = _shared.Tokens(HashSecret(options.ClientSecret));

        _pooled = CreateHttpClient();
        _fresh = CreateHttpClient();

        _idempotentPipeline = BuildPipeline(retryTransport: true, static s => s == 429 || s == 500 || s == 502 || s == 503 || s == 504);
        _unsafePipeline = BuildPipeline(retryTransport: false, static s => s == 429);
        // The token request is idempotent in effect (a new token, nothing else changes), so 5xx and transport
        // failures are retried; a 429 never is: each try would count against the 15-an-hour budget.
        _tokenPipeline = BuildPipeline(retryTransport: true, static s => s == 500 || s == 502 || s == 503 || s == 504);
    }

    public AuraClientOptions Options { get; }

    /// <summary>When the cached token expires, or null when none is cached.</summary>
    public DateTimeOffset? TokenExpiresOn => _tokens.Current?.ExpiresOn;

    /// <summary>The process-wide token cache this client uses (tests).</summary>
    internal AuraTokenCache TokenCache => _tokens;

    /// <summary>The process-wide pacer this client uses (tests).</summary>
    internal AuraRequestPacer Pacer => _shared.Pacer;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _pooled.Dispose();
        _fresh.Dispose();
        foreach (var handler in _handlers.Distinct()) handler.Dispose();
    }

    /// <summary>Gets a token now unless a valid one is cached (Connect-Aura uses it to fail early on bad credentials).</summary>
    public async Task EnsureTokenAsync(CancellationToken cancellationToken) => await GetTokenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Drops the cached token of this connection's credentials (Disconnect-Aura).</summary>
    public void ForgetToken() => _tokens.Forget();

    // ---------------------------------------------------------------- operations

    public async Task<IReadOnlyList<AuraTenant>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        using var outcome = await SendAsync(HttpMethod.Get, "/tenants", null, cancellationToken).ConfigureAwait(false);
        return await ParseListAsync(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraTenant, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuraTenant> GetTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(tenantId, "TenantId");
        using var outcome = await SendAsync(HttpMethod.Get, "/tenants/" + Escape(tenantId), null, cancellationToken).ConfigureAwait(false);
        var tenant = ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraTenant);
        if (string.IsNullOrEmpty(tenant.Id)) tenant.Id = tenantId;
        return tenant;
    }

    public async Task<IReadOnlyList<AuraInstance>> ListInstancesAsync(string? tenantId, CancellationToken cancellationToken)
    {
        using var outcome = await SendAsync(HttpMethod.Get, InstancesPath(tenantId), null, cancellationToken).ConfigureAwait(false);
        return await ParseListAsync(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraInstance, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuraInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await SendAsync(HttpMethod.Get, "/instances/" + Escape(instanceId), null, cancellationToken).ConfigureAwait(false);
        return FillId(ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance), instanceId);
    }

    /// <summary>POST /instances; the result carries Credential (PSCredential) with the one-time password.</summary>
    public async Task<AuraInstance> CreateInstanceAsync(CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateName(request.Name, "Name");
        AuraInput.ValidateMemory(request.Memory, "Memory");
        AuraInput.ValidateId(request.TenantId, "TenantId");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.CreateInstanceRequest);
        using var outcome = await SendAsync(HttpMethod.Post, "/instances", body, cancellationToken).ConfigureAwait(false);
        return ToInstance(outcome, request.Region, request.Type, request.Memory, request.CloudProvider, request.TenantId, request.Name);
    }

    public async Task<AuraInstance> UpdateInstanceAsync(string instanceId, UpdateInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateId(instanceId, "InstanceId");
        if (request.Name is not null) AuraInput.ValidateName(request.Name, "Name");
        if (request.Memory is not null) AuraInput.ValidateMemory(request.Memory, "Memory");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.UpdateInstanceRequest);
        using var outcome = await SendAsync(Patch, "/instances/" + Escape(instanceId), body, cancellationToken).ConfigureAwait(false);
        return FillId(ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance), instanceId);
    }

    public async Task DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await SendAsync(HttpMethod.Delete, "/instances/" + Escape(instanceId), null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuraInstance> PauseInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await SendAsync(HttpMethod.Post, "/instances/" + Escape(instanceId) + "/pause", null, cancellationToken).ConfigureAwait(false);
        return FillId(ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance), instanceId);
    }

    public async Task<AuraInstance> ResumeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await SendAsync(HttpMethod.Post, "/instances/" + Escape(instanceId) + "/resume", null, cancellationToken).ConfigureAwait(false);
        return FillId(ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance), instanceId);
    }

    public async Task<AuraInstance> OverwriteInstanceAsync(string targetInstanceId, OverwriteInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateId(targetInstanceId, "TargetInstanceId");
        AuraInput.ValidateId(request.SourceInstanceId, "InstanceId");
        AuraInput.ValidateId(request.SourceSnapshotId, "SnapshotId");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.OverwriteInstanceRequest);
        using var outcome = await SendAsync(HttpMethod.Post, "/instances/" + Escape(targetInstanceId) + "/overwrite", body, cancellationToken).ConfigureAwait(false);
        return FillId(ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance), targetInstanceId);
    }

    public async Task<IReadOnlyList<AuraSnapshot>> ListSnapshotsAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await SendAsync(HttpMethod.Get, "/instances/" + Escape(instanceId) + "/snapshots", null, cancellationToken).ConfigureAwait(false);
        var list = await ParseListAsync(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraSnapshot, cancellationToken).ConfigureAwait(false);
        foreach (var s in list)
        {
            if (string.IsNullOrEmpty(s.InstanceId)) s.InstanceId = instanceId;
        }
        return list;
    }

    public async Task<AuraSnapshot> GetSnapshotAsync(string instanceId, string snapshotId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        AuraInput.ValidateId(snapshotId, "SnapshotId");
        using var outcome = await SendAsync(HttpMethod.Get, "/instances/" + Escape(instanceId) + "/snapshots/" + Escape(snapshotId), null, cancellationToken).ConfigureAwait(false);
        var snapshot = ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraSnapshot);
        if (string.IsNullOrEmpty(snapshot.InstanceId)) snapshot.InstanceId = instanceId;
        if (string.IsNullOrEmpty(snapshot.SnapshotId)) snapshot.SnapshotId = snapshotId;
        return snapshot;
    }

    public async Task<AuraSnapshot> CreateSnapshotAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await SendAsync(HttpMethod.Post, "/instances/" + Escape(instanceId) + "/snapshots", null, cancellationToken).ConfigureAwait(false);
        var snapshot = ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraSnapshot);
        if (string.IsNullOrEmpty(snapshot.InstanceId)) snapshot.InstanceId = instanceId;
        if (string.IsNullOrEmpty(snapshot.SnapshotId))
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "a snapshot without snapshot_id", null);
        }
        return snapshot;
    }

    /// <summary>POST .../restore; the result carries Credential with the new instance's one-time password.</summary>
    public async Task<AuraInstance> RestoreSnapshotAsync(string instanceId, string snapshotId, RestoreSnapshotRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateId(instanceId, "InstanceId");
        AuraInput.ValidateId(snapshotId, "SnapshotId");
        AuraInput.ValidateName(request.Name, "Name");
        if (!string.IsNullOrEmpty(request.Memory)) AuraInput.ValidateMemory(request.Memory, "Memory");
        if (!string.IsNullOrEmpty(request.TenantId)) AuraInput.ValidateId(request.TenantId, "TenantId");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.RestoreSnapshotRequest);
        using var outcome = await SendAsync(HttpMethod.Post, "/instances/" + Escape(instanceId) + "/snapshots/" + Escape(snapshotId) + "/restore", body, cancellationToken).ConfigureAwait(false);
        return ToInstance(outcome, request.Region, request.Type, request.Memory, request.CloudProvider, request.TenantId, request.Name);
    }

    /// <summary>
    /// Invoke-AuraApi: any method and path relative to {BaseUri}/{ApiVersion}, with the same token, pacing,
    /// retry rules and errors. The body is JSON text (or null).
    /// </summary>
    public async Task<AuraRawResponse> SendRawAsync(HttpMethod method, string relativePath, string? jsonBody, CancellationToken cancellationToken)
    {
        if (method is null) throw new ArgumentNullException(nameof(method));
        AuraInput.ValidateRelativePath(relativePath, "Path");
        var body = jsonBody is null ? null : Encoding.UTF8.GetBytes(jsonBody);
        using var outcome = await SendAsync(method, relativePath, body, cancellationToken).ConfigureAwait(false);
        return new AuraRawResponse
        {
            StatusCode = outcome.Status,
            ContentType = outcome.ContentType,
            Body = outcome.Body.Length == 0 ? "" : Encoding.UTF8.GetString(outcome.Body.Span.ToArray()),
        };
    }

    /// <summary>
    /// GET /instances, read one instance at a time from the answer (see <see cref="AuraListReader{T}"/> for when it is
    /// checked whole first): what Get-AuraInstance uses to put the first instance on the pipeline without
    /// materialising the whole list. Dispose the reader.
    /// </summary>
    public async Task<AuraListReader<AuraInstance>> OpenInstanceListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(HttpMethod.Get, InstancesPath(tenantId), null, cancellationToken).ConfigureAwait(false);
        try
        {
            CheckJsonBody(outcome);
        }
        catch
        {
            outcome.Dispose();
            throw;
        }
        return new AuraListReader<AuraInstance>(outcome, AuraJsonContext.Default.AuraInstance);
    }

    private static string InstancesPath(string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId)) return "/instances";
        AuraInput.ValidateId(tenantId, "TenantId");
        return "/instances?tenantId=" + Escape(tenantId!);
    }

    /// <summary>
    /// Forgets every process-wide token and pacer (tests only). Tests can also simply use a base URI of their own:
    /// the shared state is keyed by (base URI, client id).
    /// </summary>
    internal static void ResetSharedStateForTests() => AuraSharedState.ResetForTests();

    /// <summary>Escapes one path segment (ids are validated by AuraInput before they get here).</summary>
    internal static string Escape(string segment) => Uri.EscapeDataString(segment);

    // ---------------------------------------------------------------- the request pipeline

    /// <summary>Sends one logical request (pacing, token, retries) and returns its successful answer, or throws.</summary>
    private async Task<AuraHttpOutcome> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1) throw new ObjectDisposedException(nameof(AuraClient));
        cancellationToken.ThrowIfCancellationRequested();
        var idempotent = IsIdempotent(method);
        var call = new AuraCall(this, method, path, _apiRoot + path, body, body is null ? null : "application/json", idempotent);
        DebugBody(call, "request", body);

        AuraHttpOutcome outcome;
        try
        {
            var pipeline = idempotent ? _idempotentPipeline : _unsafePipeline;
            outcome = await pipeline.ExecuteAsync(
                static (c, ct) => new ValueTask<AuraHttpOutcome>(c.Client.ApiAttemptAsync(c, ct)), call, cancellationToken).ConfigureAwait(false);
        }
        catch (AuraTransportException ex)
        {
            throw AuraErrors.Transport(call.MethodName, path, ex.InnerException ?? ex, ex.TimedOut, Options.RequestTimeout, idempotent, call.Attempts);
        }

        if (outcome.IsSuccess) return outcome;
        using (outcome)
        {
            throw StatusError(outcome, call);
        }
    }

    private async Task<AuraHttpOutcome> ApiAttemptAsync(AuraCall call, CancellationToken cancellationToken)
    {
        call.Attempts++;
        await PaceAsync(call, cancellationToken).ConfigureAwait(false);
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await SendOnceAsync(call, new AuthenticationHeaderValue("Bearer", token.AccessToken), cancellationToken).ConfigureAwait(false);
        if ((outcome.Status == 401 || outcome.Status == 403) && !call.AuthRetried)
        {
            // The API refused the token (expired: 403, revoked or unknown: 401) before acting on the request, so
            // sending it again is safe even for POST. Drop that exact token (only if it is still the cached one:
            // many concurrent refusals cause one renewal), get a new one and try once more.
            call.AuthRetried = true;
            var status = outcome.Status;
            outcome.Dispose();
            var dropped = _tokens.Invalidate(token);
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: the API refused the token ({AuraErrors.StatusText(status)}); " +
                (dropped ? "getting a new token" : "using the token already renewed") + " and trying once more");
            await PaceAsync(call, cancellationToken).ConfigureAwait(false);
            token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
            outcome = await SendOnceAsync(call, new AuthenticationHeaderValue("Bearer", token.AccessToken), cancellationToken).ConfigureAwait(false);
        }
        return outcome;
    }

    private async Task PaceAsync(AuraCall call, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await _shared.WaitForPermitAsync(cancellationToken).ConfigureAwait(false);
        var waited = _time.GetElapsedTime(started);
        if (waited > TimeSpan.FromSeconds(1))
        {
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: waited {AuraErrors.FormatDuration(waited)} to stay under {_shared.Pacer.RequestsPerMinute} requests a minute");
        }
    }

    /// <summary>One HTTP exchange: send, read the body (bounded), trace. No retry here.</summary>
    private async Task<AuraHttpOutcome> SendOnceAsync(AuraCall call, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, call.Url);
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(call.BodyContentType ?? "application/json");
        }
        var client = call.Idempotent && !call.IsTokenRequest ? _pooled : _fresh;
        if (!ReferenceEquals(client, _pooled)) request.Headers.ConnectionClose = true;

        var started = _time.GetTimestamp();
        using var timeout = Options.RequestTimeout > TimeSpan.Zero && Options.RequestTimeout != Timeout.InfiniteTimeSpan
            ? _time.CreateCancellationTokenSource(Options.RequestTimeout)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var contentType = response.Content?.Headers.ContentType?.MediaType;
            var retryAfter = RetryAfterOf(response);
            var body = await ReadBodyAsync(response, call, status, contentType, linked.Token).ConfigureAwait(false);
            var outcome = new AuraHttpOutcome(call.MethodName, call.Path, status, response.ReasonPhrase, contentType, retryAfter, body);
            if (AuraTrace.Current is { VerboseEnabled: true } sink)
            {
                var ms = _time.GetElapsedTime(started).TotalMilliseconds;
                sink.Verbose($"{call.MethodName} {call.Path} -> {AuraErrors.StatusText(status, response.ReasonPhrase)} in {ms.ToString("0", CultureInfo.InvariantCulture)} ms");
            }
            DebugBody(call, $"response {status}", body.Length == 0 ? null : body);
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: cancelled");
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path} -> no answer within {AuraErrors.FormatDuration(Options.RequestTimeout)}");
            throw new AuraTransportException(call.MethodName, call.Path, ex, timedOut: true);
        }
        catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException)
        {
            var ms = _time.GetElapsedTime(started).TotalMilliseconds;
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path} -> connection failed after {ms.ToString("0", CultureInfo.InvariantCulture)} ms: {ex.Message}");
            throw new AuraTransportException(call.MethodName, call.Path, ex, timedOut: false);
        }
        finally
        {
            response?.Dispose();
        }
    }

    private static async Task<AuraBodyBuffer> ReadBodyAsync(HttpResponseMessage response, AuraCall call, int status, string? contentType, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content is null) return new AuraBodyBuffer();
        var declared = content.Headers.ContentLength;
        if (declared > MaxResponseBytes)
        {
            throw AuraErrors.InvalidResponse(status, response.ReasonPhrase, call.MethodName, call.Path, contentType,
                $"a body of {declared} bytes, more than the {MaxResponseBytes / (1024 * 1024)} MiB the module reads", null);
        }
        var buffer = new AuraBodyBuffer(declared is > 0 ? (int)declared.Value : 0);
        try
        {
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            byte[]? probe = null;
            while (true)
            {
                int read;
                if (declared is > 0 && buffer.Length >= declared && buffer.Length == buffer.Capacity)
                {
                    // The declared body is in and fills the buffer: make sure it ends here with a one-byte read
                    // instead of growing the buffer (a copy and a clear of the whole body) just to be told "no more".
                    probe ??= new byte[1];
                    read = await stream.ReadAsync(probe, 0, 1, cancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    buffer.Append(probe, 0, read);
                }
                else
                {
                    var segment = buffer.GetWriteSegment(buffer.Length < buffer.Capacity ? 0 : 16 * 1024);
                    // Up to the rest of a declared body in one read; 64 KB at a time otherwise.
                    var want = declared is > 0 && buffer.Length < declared ? (int)(declared.Value - buffer.Length) : 64 * 1024;
                    read = await stream.ReadAsync(segment.Array!, segment.Offset, Math.Min(segment.Count, want), cancellationToken).ConfigureAwait(false);
                    if (read == 0) break;
                    buffer.Advance(read);
                }
                if (buffer.Length > MaxResponseBytes)
                {
                    throw AuraErrors.InvalidResponse(status, response.ReasonPhrase, call.MethodName, call.Path, contentType,
                        $"a body larger than the {MaxResponseBytes / (1024 * 1024)} MiB the module reads", null);
                }
            }
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private ResiliencePipeline<AuraHttpOutcome> BuildPipeline(bool retryTransport, Func<int, bool> retryStatus)
    {
        var builder = new ResiliencePipelineBuilder<AuraHttpOutcome> { TimeProvider = _time };
        if (Options.MaxRetries <= 0) return builder.Build();
        var total = Options.MaxRetries + 1;
        builder.AddRetry(new RetryStrategyOptions<AuraHttpOutcome>
        {
            MaxRetryAttempts = Options.MaxRetries,
            ShouldHandle = args =>
            {
                if (args.Outcome.Exception is AuraTransportException transport) return new ValueTask<bool>(retryTransport && !transport.IsCertificateFailure);
                if (args.Outcome.Result is { } r)
                {
                    return new ValueTask<bool>(retryStatus(r.Status) && !(r.RetryAfter > MaxRetryAfter));
                }
                return new ValueTask<bool>(false);
            },
            DelayGenerator = args => new ValueTask<TimeSpan?>(ComputeDelay(args.AttemptNumber, args.Outcome.Result?.RetryAfter)),
            OnRetry = args =>
            {
                var sink = AuraTrace.Current;
                string what, method, path;
                if (args.Outcome.Result is { } r)
                {
                    method = r.Method; path = r.Path;
                    what = AuraErrors.StatusText(r.Status, r.ReasonPhrase) + (r.RetryAfter is { } ra ? $", Retry-After {AuraErrors.FormatDuration(ra)}" : "");
                    r.Dispose();
                }
                else if (args.Outcome.Exception is AuraTransportException t)
                {
                    method = t.Method; path = t.Path;
                    what = t.TimedOut ? $"no answer within {AuraErrors.FormatDuration(Options.RequestTimeout)}" : "connection lost";
                }
                else
                {
                    method = "?"; path = "?"; what = args.Outcome.Exception?.GetType().Name ?? "failure";
                }
                sink?.Verbose($"{method} {path}: trying again (attempt {args.AttemptNumber + 2} of {total}, waiting {AuraErrors.FormatDuration(args.RetryDelay)}: {what})");
                return default;
            },
        });
        return builder.Build();
    }

    /// <summary>
    /// The wait before retry number <paramref name="attemptNumber"/> + 1 (0-based): the server's Retry-After plus up
    /// to 250 ms jitter when it sent one, else min(30 s, 1 s * 2^n) times a jitter factor in [0.8, 1.2], capped at 30 s.
    /// </summary>
    internal TimeSpan ComputeDelay(int attemptNumber, TimeSpan? retryAfter)
    {
        var r = Math.Min(1.0, Math.Max(0.0, _jitter()));
        if (retryAfter is { } ra)
        {
            return ra + TimeSpan.FromTicks((long)(RetryAfterJitter.Ticks * r));
        }
        var exponential = Math.Min(BackoffCap.TotalSeconds, BackoffBase.TotalSeconds * Math.Pow(2, Math.Min(attemptNumber, 30)));
        var seconds = Math.Min(BackoffCap.TotalSeconds, exponential * (1 - JitterRatio + 2 * JitterRatio * r));
        return TimeSpan.FromSeconds(seconds);
    }

    [ThreadStatic] private static Random? _random;

    private static double DefaultJitter()
    {
        _random ??= new Random(Guid.NewGuid().GetHashCode());
        return _random.NextDouble();
    }

    /// <summary>
    /// An HttpClient over the test handler (Options.HandlerFactory) or a platform HttpClientHandler with the system
    /// proxy and the platform's certificate validation (never switched off). No HttpClient timeout: each attempt has
    /// its own (Options.RequestTimeout, on Options.TimeProvider).
    /// </summary>
    private HttpClient CreateHttpClient()
    {
        HttpMessageHandler handler;
        if (Options.HandlerFactory is { } factory)
        {
            handler = factory() ?? throw new InvalidOperationException("HandlerFactory returned null.");
        }
        else
        {
            handler = new HttpClientHandler
            {
                UseProxy = true,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
            };
        }
        _handlers.Add(handler);
        var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        return client;
    }

    // ---------------------------------------------------------------- token

    private async Task<AuraCachedToken> GetTokenAsync(CancellationToken cancellationToken)
        => await _tokens.GetAsync(FetchTokenAsync, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

    private async Task<AuraCachedToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var call = new AuraCall(this, HttpMethod.Post, "/oauth/token", _tokenUrl, TokenForm, "application/x-www-form-urlencoded", idempotent: true)
        {
            IsTokenRequest = true,
        };
        var requestedAt = _time.GetUtcNow();
        AuraHttpOutcome outcome;
        try
        {
            outcome = await _tokenPipeline.ExecuteAsync(
                static (c, ct) => new ValueTask<AuraHttpOutcome>(c.Client.TokenAttemptAsync(c, ct)), call, cancellationToken).ConfigureAwait(false);
        }
        catch (AuraTransportException ex)
        {
            var error = AuraErrors.Transport("POST", "/oauth/token", ex.InnerException ?? ex, ex.TimedOut, Options.RequestTimeout, idempotent: true, call.Attempts);
            throw new AuraApiException(
                $"Could not get an access token for client id '{Options.ClientId}' from {_tokenUrl}: " + error.Message,
                error.ErrorId, error.Category, ex.InnerException ?? ex)
            {
                Method = "POST",
                Path = "/oauth/token",
                RecommendedAction = "Check -BaseUri and the network connection (and any proxy) to the Aura API, then try again.",
            };
        }

        using (outcome)
        {
            switch (outcome.Status)
            {
                case >= 200 and <= 299:
                    return ParseToken(outcome, requestedAt);
                case 400:
                case 401:
                case 403:
                    throw new AuraApiException(
                        $"The Aura API refused the client credentials for client id '{Options.ClientId}' ({AuraErrors.StatusText(outcome.Status, outcome.ReasonPhrase)} from POST /oauth/token). " +
                        "Check the client id and secret: create API credentials in the Aura console under Account details > API credentials.",
                        "AuraAuthenticationFailed", ErrorCategory.AuthenticationError)
                    {
                        StatusCode = outcome.Status,
                        Method = "POST",
                        Path = "/oauth/token",
                        ApiErrors = ParseApiErrors(outcome),
                        RecommendedAction = "Run Connect-Aura again with the right client id and secret.",
                    };
                case 429:
                    var retryAfter = outcome.RetryAfter;
                    var now = _time.GetUtcNow();
                    var error = TokenRateLimited(retryAfter, now);
                    if (retryAfter is { } ra) _tokens.BlockUntil(now + ra, remaining => TokenRateLimited(remaining, _time.GetUtcNow()));
                    throw error;
                default:
                    var failure = StatusError(outcome, call);
                    throw new AuraApiException($"Could not get an access token for client id '{Options.ClientId}': " + failure.Message, failure.ErrorId, failure.Category)
                    {
                        StatusCode = failure.StatusCode,
                        Method = "POST",
                        Path = "/oauth/token",
                        ApiErrors = failure.ApiErrors,
                        RetryAfter = failure.RetryAfter,
                        RecommendedAction = failure.RecommendedAction,
                    };
            }
        }
    }

    private AuraApiException TokenRateLimited(TimeSpan? retryAfter, DateTimeOffset now)
    {
        var when = retryAfter is { } ra
            ? $"try again in {AuraErrors.FormatDuration(ra)} (after {(now + ra).ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)"
            : "try again later";
        return new AuraApiException(
            $"The Aura API refused to issue another access token for client id '{Options.ClientId}' (429 Too Many Requests): " +
            $"Aura allows 15 token requests an hour per client; {when}.",
            "AuraTokenRateLimited", ErrorCategory.LimitsExceeded)
        {
            StatusCode = 429,
            Method = "POST",
            Path = "/oauth/token",
            RetryAfter = retryAfter,
            RecommendedAction = "Reuse one connection (Connect-Aura once per session) instead of connecting again and again, and wait before trying again.",
        };
    }

    private async Task<AuraHttpOutcome> TokenAttemptAsync(AuraCall call, CancellationToken cancellationToken)
    {
        call.Attempts++;
        // The secret is read from its SecureString only here, into buffers zeroed right after use. The header value
        // itself has to be a string (HttpClient's API); it lives only as long as this request.
        var basic = BuildBasicCredential(Options.ClientId, Options.ClientSecret);
        return await SendOnceAsync(call, new AuthenticationHeaderValue("Basic", basic), cancellationToken).ConfigureAwait(false);
    }

    private AuraCachedToken ParseToken(AuraHttpOutcome outcome, DateTimeOffset requestedAt)
    {
        AuraTokenResponse? token;
        try
        {
            CheckJsonBody(outcome);
            token = JsonSerializer.Deserialize(outcome.Body.Span, AuraJsonContext.Default.AuraTokenResponse);
        }
        catch (JsonException ex)
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "malformed JSON", null, ex);
        }
        if (token is null || string.IsNullOrEmpty(token.AccessToken))
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "a token answer without access_token", null);
        }
        var seconds = token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 3600;
        var lifetime = TimeSpan.FromSeconds(Math.Min(seconds, 365L * 24 * 3600));
        var margin = Options.TokenRenewalMargin < TimeSpan.Zero ? TimeSpan.Zero : Options.TokenRenewalMargin;
        // A short-lived token is renewed in the last tenth of its life, not earlier: Aura grants 15 tokens an hour, and
        // renewing at half the life would double the token requests (a late request still renews once on a 403).
        var tenth = TimeSpan.FromTicks(lifetime.Ticks / 10);
        if (margin > tenth) margin = tenth;
        var expires = requestedAt + lifetime;
        return new AuraCachedToken(token.AccessToken!, requestedAt, expires, expires - margin);
    }

    private static string BuildBasicCredential(string clientId, SecureString secret)
    {
        var secretChars = ReadSecret(secret);
        var idChars = clientId.ToCharArray();
        var all = new char[idChars.Length + 1 + secretChars.Length];
        byte[]? utf8 = null;
        try
        {
            idChars.CopyTo(all, 0);
            all[idChars.Length] = ':';
            secretChars.CopyTo(all, idChars.Length + 1);
            utf8 = Encoding.UTF8.GetBytes(all);
            return Convert.ToBase64String(utf8);
        }
        finally
        {
            Array.Clear(secretChars, 0, secretChars.Length);
            Array.Clear(all, 0, all.Length);
            if (utf8 is not null) Array.Clear(utf8, 0, utf8.Length);
        }
    }

    private static char[] ReadSecret(SecureString secret)
    {
        if (secret is null || secret.Length == 0) return Array.Empty<char>();
        var chars = new char[secret.Length];
        var ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            Marshal.Copy(ptr, chars, 0, chars.Length);
            return chars;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(ptr);
        }
    }

    private static string HashSecret(SecureString secret)
    {
        var chars = ReadSecret(secret);
        var bytes = new byte[chars.Length * 2];
        try
        {
            Buffer.BlockCopy(chars, 0, bytes, 0, bytes.Length);
            return AuraSharedState.HashSecret(bytes);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    // ---------------------------------------------------------------- parsing and errors

    private static bool IsIdempotent(HttpMethod method)
        => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
           || string.Equals(method.Method, "GET", StringComparison.OrdinalIgnoreCase)
           || string.Equals(method.Method, "HEAD", StringComparison.OrdinalIgnoreCase)
           || string.Equals(method.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase);

    private static bool IsJsonMediaType(string? mediaType)
        => mediaType is null
           || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
           || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
           || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) continue;
            return b == '{' || b == '[';
        }
        return false;
    }

    /// <summary>Throws AuraInvalidResponse unless the answer has a body that claims to be and looks like JSON.</summary>
    private static void CheckJsonBody(AuraHttpOutcome outcome)
    {
        if (outcome.Body.Length == 0)
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "an empty body where JSON was expected", null);
        }
        if (!IsJsonMediaType(outcome.ContentType) || !LooksLikeJson(outcome.Body.Span))
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "a body that is not JSON", Redactor.Snippet(outcome.Body.Span));
        }
    }

    private static T ParseData<T>(AuraHttpOutcome outcome, JsonTypeInfo<AuraDataEnvelope<T>> typeInfo) where T : class
    {
        CheckJsonBody(outcome);
        AuraDataEnvelope<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(outcome.Body.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "malformed JSON", null, ex);
        }
        return envelope?.Data
               ?? throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "JSON without \"data\"", null);
    }

    private static Task<IReadOnlyList<T>> ParseListAsync<T>(AuraHttpOutcome outcome, JsonTypeInfo<AuraDataEnvelope<List<T>>> typeInfo, CancellationToken cancellationToken) where T : class
    {
        CheckJsonBody(outcome);
        AuraDataEnvelope<List<T>>? envelope;
        try
        {
            // The body is already in memory: the span overload parses it in one pass (DeserializeAsync over a
            // MemoryStream re-buffers it in chunks through a resumable reader, about 1.6x slower here).
            cancellationToken.ThrowIfCancellationRequested();
            envelope = JsonSerializer.Deserialize(outcome.Body.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "malformed JSON", null, ex);
        }
        var data = envelope?.Data
                   ?? throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "JSON without \"data\"", null);
        data.RemoveAll(item => item is null);
        return Task.FromResult<IReadOnlyList<T>>(data);
    }

    private static IReadOnlyList<AuraApiError> ParseApiErrors(AuraHttpOutcome outcome)
    {
        if (outcome.Body.Length == 0 || !IsJsonMediaType(outcome.ContentType) || !LooksLikeJson(outcome.Body.Span)) return Array.Empty<AuraApiError>();
        try
        {
            var body = JsonSerializer.Deserialize(outcome.Body.Span, AuraJsonContext.Default.AuraErrorBody);
            if (body?.Errors is { Count: > 0 } errors)
            {
                errors.RemoveAll(e => e is null);
                return errors;
            }
        }
        catch (JsonException)
        {
        }
        return Array.Empty<AuraApiError>();
    }

    private AuraApiException StatusError(AuraHttpOutcome outcome, AuraCall call)
    {
        var apiErrors = ParseApiErrors(outcome);
        string? snippet = null;
        if (apiErrors.Count == 0 && outcome.Body.Length > 0)
        {
            snippet = IsJsonMediaType(outcome.ContentType) && LooksLikeJson(outcome.Body.Span)
                ? Redactor.Snippet(Encoding.UTF8.GetBytes(Redactor.RedactUtf8(outcome.Body.Span)))
                : Redactor.Snippet(outcome.Body.Span);
        }
        return AuraErrors.FromStatus(outcome.Status, outcome.ReasonPhrase, call.MethodName, call.Path, apiErrors, snippet,
            outcome.ContentType, outcome.RetryAfter, call.Idempotent, call.Attempts);
    }

    private static AuraInstance FillId(AuraInstance instance, string id)
    {
        if (string.IsNullOrEmpty(instance.Id)) instance.Id = id;
        return instance;
    }

    /// <summary>An InstanceCreated answer as an AuraInstance with the one-time password in Credential; gaps filled from the request.</summary>
    private static AuraInstance ToInstance(AuraHttpOutcome outcome, string? region, string? type, string? memory, string? cloudProvider, string? tenantId, string? name)
    {
        using var created = ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstanceCreated);
        if (string.IsNullOrEmpty(created.Id))
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "an instance without id", null);
        }
        var instance = new AuraInstance
        {
            Id = created.Id!,
            Name = created.Name ?? name,
            Status = created.Status,
            TenantId = created.TenantId ?? NullIfEmpty(tenantId),
            CloudProvider = created.CloudProvider ?? NullIfEmpty(cloudProvider),
            Region = created.Region ?? NullIfEmpty(region),
            Type = created.Type ?? NullIfEmpty(type),
            Memory = created.Memory ?? NullIfEmpty(memory),
            Storage = created.Storage,
            ConnectionUrl = created.ConnectionUrl,
            MetricsIntegrationUrl = created.MetricsIntegrationUrl,
            Neo4jVersion = created.Neo4jVersion,
            ExtensionData = WithoutSecrets(created.ExtensionData),
        };
        if (created.Password is { } password)
        {
            // PSCredential keeps its own reference; copy so that disposing `created` does not clear it.
            instance.Credential = new PSCredential(string.IsNullOrEmpty(created.Username) ? "neo4j" : created.Username, password.Copy());
            instance.Credential.Password.MakeReadOnly();
        }
        return instance;
    }

    /// <summary>Drops unknown fields whose name suggests a secret (a "Password" spelled differently stays out of the model).</summary>
    private static Dictionary<string, JsonElement>? WithoutSecrets(Dictionary<string, JsonElement>? extra)
    {
        if (extra is null) return null;
        foreach (var key in extra.Keys.Where(Redactor.IsSensitiveName).ToList()) extra.Remove(key);
        return extra.Count == 0 ? null : extra;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static void DebugBody(AuraCall call, string what, byte[]? body)
    {
        var sink = AuraTrace.Current;
        if (sink is null || !sink.DebugEnabled || body is null) return;
        sink.Debug($"{call.MethodName} {call.Path} {what} body: {Clip(call.IsTokenRequest && what == "request" ? "grant_type=client_credentials" : Redactor.RedactUtf8(body))}");
    }

    private static void DebugBody(AuraCall call, string what, AuraBodyBuffer? body)
    {
        var sink = AuraTrace.Current;
        if (sink is null || !sink.DebugEnabled || body is null) return;
        sink.Debug($"{call.MethodName} {call.Path} {what} body: {Clip(Redactor.RedactUtf8(body.Span))}");
    }

    private static string Clip(string text)
        => text.Length <= MaxDebugChars ? text : text.Substring(0, MaxDebugChars) + $"… ({text.Length - MaxDebugChars} more characters)";
}

/// <summary>The raw answer of <see cref="AuraClient.SendRawAsync"/>.</summary>
internal sealed class AuraRawResponse
{
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    /// <summary>The body as text (empty when there was none).</summary>
    public string Body { get; set; } = "";
}
