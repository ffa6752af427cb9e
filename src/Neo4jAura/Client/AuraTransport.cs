using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Errors;
using Polly;
using Polly.Retry;

namespace Neo4jAura.Client;

/// <summary>
/// The one way every request reaches the Aura API: the process-wide token cache, pacing, the retry pipeline, 308
/// redirects, body reading (bounded), tracing and the mapping of failures to <see cref="AuraApiException"/>. The
/// operation groups (<see cref="InstanceOperations"/>, <see cref="SnapshotOperations"/>, ...) build paths and bodies
/// and parse answers over it; none of them talks HTTP itself. One per AuraConnection; the token cache behind it is
/// shared process-wide per (base URI, client id, secret) and the pacer per API host, so every runspace and thread of
/// the process shares one token and one request budget.
/// </summary>
/// <remarks>
/// Contract (see CONTRACT.md "Talking to the API"):
/// - Token: POST {BaseUri}/oauth/token, HTTP Basic client id/secret, form grant_type=client_credentials. Cached; one
///   request in flight however many callers wait; renewed shortly before expires_in runs out, and on a 401/403 only
///   when the refused token may really have expired or been revoked (at most once per token; never for a token that
///   a refusal made), and never with the last token requests of the hour (<see cref="AuraTokenBudget"/>).
/// - Every API request goes through the process-wide pacer of its host (under 125 requests a minute).
/// - GET: retried on 429, 5xx and transport failures (exponential backoff, jitter, Retry-After in seconds or as an
///   HTTP date, bounded). POST/PATCH/DELETE: retried on 429 only; after a 5xx or a lost connection they are never
///   resent (also not by the socket handler: they go on connections that are never reused) and the exception says
///   the operation may or may not have happened.
/// - A 308 is followed only to https on the same host (or to the same loopback origin), method and body kept.
/// - X-Request-Id goes into every error and verbose line; X-Tyk-Api-Expires gives one warning per process.
/// - Verbose/debug lines go to AuraTrace.Current (an AsyncLocal set by the cmdlet), secrets masked.
/// - Every method takes a CancellationToken and honours it at once.
/// </remarks>
internal sealed class AuraTransport : IDisposable
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
    /// <summary>Redirects (308) followed for one request at most.</summary>
    internal const int MaxRedirects = 3;
    /// <summary>Debug lines show at most this many characters of a body.</summary>
    private const int MaxDebugChars = 8192;

    internal static readonly string UserAgent = "Neo4jAura/" + (typeof(AuraTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0") + " PowerShell";
    private static readonly byte[] TokenForm = Encoding.ASCII.GetBytes("grant_type=client_credentials");
    /// <summary>Deprecation dates already warned about in this process (one warning per process and date).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> WarnedExpiries = new(StringComparer.OrdinalIgnoreCase);

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
    private readonly AuraRequestPacer? _ownPacer;
    private readonly Uri _root;
    private readonly string _apiRoot;
    private readonly string _tokenUrl;
    private readonly ResiliencePipeline<AuraHttpOutcome> _idempotentPipeline;
    private readonly ResiliencePipeline<AuraHttpOutcome> _unsafePipeline;
    private readonly ResiliencePipeline<AuraHttpOutcome> _tokenPipeline;
    private readonly Func<double> _jitter;
    private int _disposed;

    public AuraTransport(AuraClientOptions options)
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
            throw new AuraApiException($"The API version {AuraInput.Quote(options.ApiVersion)} is not valid; use v1.", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }
        if (options.RequestsPerMinute < 1)
        {
            throw new AuraApiException("RequestsPerMinute must be at least 1.", "AuraInvalidArgument", ErrorCategory.InvalidArgument);
        }

        _time = options.TimeProvider ?? TimeProvider.System;
        _jitter = options.Jitter ?? DefaultJitter;
        var root = options.BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _root = new Uri(root + "/");
        _apiRoot = root + "/" + options.ApiVersion;
        _tokenUrl = root + "/oauth/token";

        _shared = AuraSharedState.GetEntry(options.BaseUri, options.ClientId, _time, options.HostRequestsPerMinute);
        _tokens = _shared.Tokens(HashSecret(options.ClientSecret));
        // The host's pacer keeps the whole process under the API's limit whatever the connections ask; a connection
        // that asks for less gets a pacer of its own on top (it can only lower the pace). The default (120) asks for
        // nothing: on a loopback host whose pace NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE raised, it runs at that pace.
        if (options.RequestsPerMinute < Math.Min(_shared.Pacer.RequestsPerMinute, AuraSharedState.DefaultRequestsPerMinute))
        {
            _ownPacer = new AuraRequestPacer(options.RequestsPerMinute, _time);
        }

        _pooled = CreateHttpClient();
        _fresh = CreateHttpClient();

        _idempotentPipeline = BuildPipeline(retryTransport: true, static s => s == 429 || s == 500 || s == 502 || s == 503 || s == 504);
        _unsafePipeline = BuildPipeline(retryTransport: false, static s => s == 429);
        // The token request is idempotent in effect (a new token, nothing else changes), so 5xx and transport
        // failures are retried while the hour's token budget has room for it; a 429 never is.
        _tokenPipeline = BuildPipeline(retryTransport: true, static s => s == 500 || s == 502 || s == 503 || s == 504, tokenRequest: true);
    }

    public AuraClientOptions Options { get; }

    /// <summary>When the cached token expires, or null when none is cached.</summary>
    public DateTimeOffset? TokenExpiresOn => _tokens.Current?.ExpiresOn;

    /// <summary>The process-wide token cache this transport uses (tests).</summary>
    internal AuraTokenCache TokenCache => _tokens;

    /// <summary>The pace this connection keeps (its own when it asked for less than its host's).</summary>
    internal AuraRequestPacer Pacer => _ownPacer ?? _shared.Pacer;

    /// <summary>The process-wide pacer of the API host (tests).</summary>
    internal AuraRequestPacer HostPacer => _shared.Pacer;

    /// <summary>The process-wide token request budget of these credentials (tests).</summary>
    internal AuraTokenBudget TokenBudget => _shared.TokenBudget;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _pooled.Dispose();
        _fresh.Dispose();
        foreach (var handler in _handlers.Distinct()) handler.Dispose();
        _ownPacer?.Dispose();
    }

    /// <summary>
    /// Gets a token now unless a valid one is cached (Connect-Aura uses it to fail early on bad credentials); true
    /// when a cached token was used.
    /// </summary>
    public async Task<bool> EnsureTokenAsync(CancellationToken cancellationToken)
    {
        var before = _tokens.FetchCount;
        await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return _tokens.FetchCount == before;
    }

    /// <summary>True when a cached token is still good for use now (nothing would be requested).</summary>
    public bool HasUsableToken => _tokens.Current is { } t && _time.GetUtcNow() < t.RenewAfter;

    /// <summary>Drops the cached token of this connection's credentials (Disconnect-Aura).</summary>
    public void ForgetToken() => _tokens.Forget();

    /// <summary>
    /// Forgets every process-wide token and pacer (tests only). Tests can also simply use a base URI of their own:
    /// the shared state is keyed by base URI.
    /// </summary>
    internal static void ResetSharedStateForTests() => AuraSharedState.ResetForTests();

    /// <summary>
    /// Escapes one path segment (ids are validated by AuraInput before they get here). ':' is left as it is, as
    /// Aura's own clients send a snapshot id like 2023-01-20T18:07:25Z (a colon is allowed in a path segment).
    /// </summary>
    internal static string Escape(string segment) => Uri.EscapeDataString(segment).Replace("%3A", ":").Replace("%3a", ":");

    // ---------------------------------------------------------------- the request pipeline

    /// <summary>
    /// Sends one logical request (pacing, token, redirects, retries) and returns its successful answer, or throws an
    /// <see cref="AuraApiException"/>. <paramref name="path"/> is relative to {BaseUri}/{ApiVersion}; a JSON body is
    /// sent with Content-Type application/json.
    /// </summary>
    public async Task<AuraHttpOutcome> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1) throw new ObjectDisposedException(nameof(AuraTransport));
        cancellationToken.ThrowIfCancellationRequested();
        var idempotent = IsIdempotent(method);
        var call = new AuraCall(this, method, path, _apiRoot + path, body, body is null ? null : "application/json", idempotent);
        DebugBody(call, "request", body);

        AuraHttpOutcome outcome;
        try
        {
            var pipeline = idempotent ? _idempotentPipeline : _unsafePipeline;
            outcome = await pipeline.ExecuteAsync(
                static (c, ct) => new ValueTask<AuraHttpOutcome>(c.Transport.ApiAttemptAsync(c, ct)), call, cancellationToken).ConfigureAwait(false);
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
        var outcome = await SendFollowingAsync(call, () => new AuthenticationHeaderValue("Bearer", token.AccessToken), cancellationToken).ConfigureAwait(false);
        var request = call.MethodName + " " + call.Path;
        if (outcome.IsSuccess) token.Accepted(request);
        if ((outcome.Status == 401 || outcome.Status == 403) && !call.AuthRetried)
        {
            // The API refused the token before acting on the request, so sending it again is safe even for POST, but
            // only worth a token when the refusal may mean the token expired or was revoked (AuraTokenCache.OnRefused):
            // a second refusal with a token fetched seconds ago, or of a token already renewed once, is a permission error.
            var now = _time.GetUtcNow();
            var decision = _tokens.OnRefused(token, request, now, reserveAllows: _shared.TokenBudget.AllowsSpeculative(now));
            if (decision == AuraTokenRefusal.PermissionError) return outcome;
            call.AuthRetried = true;
            var status = outcome.Status;
            outcome.Dispose();
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: the API refused the token ({AuraErrors.StatusText(status)}); " +
                (decision == AuraTokenRefusal.Renew ? "getting a new token" : "using the token already renewed") + " and trying once more");
            await PaceAsync(call, cancellationToken).ConfigureAwait(false);
            token = await GetTokenAsync(cancellationToken, renewingAfterRefusal: decision == AuraTokenRefusal.Renew).ConfigureAwait(false);
            outcome = await SendFollowingAsync(call, () => new AuthenticationHeaderValue("Bearer", token.AccessToken), cancellationToken).ConfigureAwait(false);
            if (outcome.IsSuccess) token.Accepted(request);
        }
        return outcome;
    }

    private async Task PaceAsync(AuraCall call, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        // A request that has to wait says so before it waits (up to a minute), not only after: -Verbose shows why the
        // prompt is quiet, and a call stopped during the wait has said it.
        if (_ownPacer is not null && !_ownPacer.TryTakeNow())
        {
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: waiting to stay under {_ownPacer.RequestsPerMinute} requests a minute (this connection's -RequestsPerMinute)");
            await _ownPacer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!_shared.Pacer.TryTakeNow())
        {
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: waiting to stay under {_shared.Pacer.RequestsPerMinute} requests a minute to {_root.Authority} (shared by every connection of this process)");
            await _shared.WaitForPermitAsync(cancellationToken).ConfigureAwait(false);
        }
        var waited = _time.GetElapsedTime(started);
        if (waited > TimeSpan.FromSeconds(1))
        {
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: waited {AuraErrors.FormatDuration(waited)} to stay under {Pacer.RequestsPerMinute} requests a minute");
        }
    }

    /// <summary>
    /// One exchange, following a 308 only where it is safe: to https on the same host, or to the same origin when the
    /// base URI is a loopback address (the local emulator). The method and body are kept (a 308 means the request was
    /// not acted on). Any other redirect is returned as it is (and reported as an error).
    /// </summary>
    private async Task<AuraHttpOutcome> SendFollowingAsync(AuraCall call, Func<AuthenticationHeaderValue> authorization, CancellationToken cancellationToken)
    {
        var outcome = await SendOnceAsync(call, authorization(), cancellationToken).ConfigureAwait(false);
        while (outcome.Status == 308 && call.Redirects < MaxRedirects && RedirectTarget(call.Url, outcome.Location) is { } target)
        {
            call.Redirects++;
            AuraTrace.Current?.Verbose($"{call.MethodName} {call.Path}: moved permanently (308); following to {target.GetLeftPart(UriPartial.Path)}");
            outcome.Dispose();
            call.Url = target.AbsoluteUri;
            if (!call.IsTokenRequest) await PaceAsync(call, cancellationToken).ConfigureAwait(false);
            outcome = await SendOnceAsync(call, authorization(), cancellationToken).ConfigureAwait(false);
        }
        return outcome;
    }

    /// <summary>The absolute target of a 308 when following it is safe; null otherwise.</summary>
    internal Uri? RedirectTarget(string from, Uri? location)
    {
        if (location is null) return null;
        if (!Uri.TryCreate(new Uri(from), location, out var target)) return null;
        if (!string.IsNullOrEmpty(target.UserInfo)) return null;
        if (!string.Equals(target.Host, _root.Host, StringComparison.OrdinalIgnoreCase)) return null;
        if (target.Scheme == Uri.UriSchemeHttps) return target;
        // http only back to the very origin of a loopback base URI (the local emulator): nothing crosses a network.
        return target.Scheme == _root.Scheme && target.Port == _root.Port && _root.IsLoopback ? target : null;
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
            var requestId = HeaderValue(response, "X-Request-Id");
            WarnIfDeprecated(HeaderValue(response, "X-Tyk-Api-Expires"));
            var body = await ReadBodyAsync(response, call, status, contentType, linked.Token).ConfigureAwait(false);
            var outcome = new AuraHttpOutcome(call.MethodName, call.Path, status, response.ReasonPhrase, contentType, RetryAfterOf(response), body)
            {
                RequestId = requestId,
                Location = response.Headers.Location,
            };
            if (AuraTrace.Current is { VerboseEnabled: true } sink)
            {
                var ms = _time.GetElapsedTime(started).TotalMilliseconds;
                sink.Verbose($"{call.MethodName} {call.Path} -> {AuraErrors.StatusText(status, response.ReasonPhrase)} in {ms.ToString("0", CultureInfo.InvariantCulture)} ms"
                    + (requestId is null ? "" : $" (request id {requestId})"));
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

    private static string? HeaderValue(HttpResponseMessage response, string name)
    {
        if (!response.Headers.TryGetValues(name, out var values)) return null;
        var value = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        // Only what a header can sensibly carry, bounded: it goes into messages.
        var clean = new string(value!.Where(c => c >= ' ' && c < 127).Take(128).ToArray());
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>The API version is deprecated: one warning per process and date, naming the date.</summary>
    private void WarnIfDeprecated(string? expires)
    {
        if (expires is null || !WarnedExpiries.TryAdd(expires, 0)) return;
        AuraTrace.Current?.Warning(
            $"The Aura API marks version {Options.ApiVersion} as deprecated: it is due to stop working on {expires} (X-Tyk-Api-Expires). " +
            "Update Neo4jAura (or pass Connect-Aura -ApiVersion with a newer version) before that date.");
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

    /// <summary>Retry-After in seconds or as an HTTP date (then the time left until it, never negative).</summary>
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

    private ResiliencePipeline<AuraHttpOutcome> BuildPipeline(bool retryTransport, Func<int, bool> retryStatus, bool tokenRequest = false)
    {
        var builder = new ResiliencePipelineBuilder<AuraHttpOutcome> { TimeProvider = _time };
        if (Options.MaxRetries <= 0) return builder.Build();
        var total = Options.MaxRetries + 1;
        builder.AddRetry(new RetryStrategyOptions<AuraHttpOutcome>
        {
            MaxRetryAttempts = Options.MaxRetries,
            ShouldHandle = args =>
            {
                // A token request is only tried again while the hour's token budget keeps its reserve.
                if (tokenRequest && !_shared.TokenBudget.AllowsSpeculative(_time.GetUtcNow())) return new ValueTask<bool>(false);
                if (args.Outcome.Exception is AuraTransportException transport)
                {
                    return new ValueTask<bool>(retryTransport && !transport.IsCertificateFailure && !transport.IsNameResolutionFailure
                        && !(tokenRequest && transport.IsConnectionRefused));
                }
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
                    what = AuraErrors.StatusText(r.Status, r.ReasonPhrase) + (r.RetryAfter is { } ra ? $", Retry-After {AuraErrors.FormatDuration(ra)}" : "")
                        + (r.RequestId is null ? "" : $", request id {r.RequestId}");
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
    /// proxy (never for a loopback base URI: the client secret must not go to a proxy for a local emulator) and the
    /// platform's certificate validation (never switched off). No HttpClient timeout: each attempt has its own
    /// (Options.RequestTimeout, on Options.TimeProvider). Redirects are never followed by the handler.
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
                UseProxy = !Options.BaseUri.IsLoopback,
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

    private async Task<AuraCachedToken> GetTokenAsync(CancellationToken cancellationToken, bool renewingAfterRefusal = false)
        => await _tokens.GetAsync(ct => FetchTokenAsync(renewingAfterRefusal, ct), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

    private async Task<AuraCachedToken> FetchTokenAsync(bool afterRefusal, CancellationToken cancellationToken)
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
                static (c, ct) => new ValueTask<AuraHttpOutcome>(c.Transport.TokenAttemptAsync(c, ct)), call, cancellationToken).ConfigureAwait(false);
        }
        catch (AuraTransportException ex)
        {
            throw TokenTransportError(ex, call.Attempts);
        }

        using (outcome)
        {
            switch (outcome.Status)
            {
                case >= 200 and <= 299:
                    return ParseToken(outcome, requestedAt, afterRefusal);
                case 400:
                case 401:
                case 403:
                    var said = AuraErrors.Describe(ParseApiErrors(outcome));
                    throw new AuraApiException(
                        $"The Aura API refused the client id '{Options.ClientId}' and its secret ({AuraErrors.StatusText(outcome.Status, outcome.ReasonPhrase)} from POST /oauth/token" +
                        (said.Length == 0 ? "" : ": " + said) + (outcome.RequestId is null ? "" : $"; request id {outcome.RequestId}") + ").",
                        "AuraAuthenticationFailed", ErrorCategory.AuthenticationError)
                    {
                        StatusCode = outcome.Status,
                        Method = "POST",
                        Path = "/oauth/token",
                        RequestId = outcome.RequestId,
                        ApiErrors = ParseApiErrors(outcome),
                        RecommendedAction = AuraErrors.CredentialsAction,
                    };
                case 429:
                    var retryAfter = outcome.RetryAfter;
                    var now = _time.GetUtcNow();
                    var error = TokenRateLimited(retryAfter, now, outcome.RequestId);
                    if (retryAfter is { } ra) _tokens.BlockUntil(now + ra, remaining => TokenRateLimited(remaining, _time.GetUtcNow(), null));
                    throw error;
                default:
                    var failure = StatusError(outcome, call);
                    throw new AuraApiException($"Could not get an access token for client id '{Options.ClientId}': " + failure.Message, failure.ErrorId, failure.Category)
                    {
                        StatusCode = failure.StatusCode,
                        Method = "POST",
                        Path = "/oauth/token",
                        RequestId = failure.RequestId,
                        ApiErrors = failure.ApiErrors,
                        RetryAfter = failure.RetryAfter,
                        RecommendedAction = failure.RecommendedAction,
                    };
            }
        }
    }

    /// <summary>No answer from the token endpoint: names the host and the cause (refused, unknown host, timeout).</summary>
    private AuraApiException TokenTransportError(AuraTransportException ex, int attempts)
    {
        var inner = ex.InnerException ?? ex;
        var host = _root.Authority;
        string cause;
        if (ex.TimedOut) cause = $"no answer within {AuraErrors.FormatDuration(Options.RequestTimeout)}";
        else if (ex.IsNameResolutionFailure) cause = $"the host name '{_root.Host}' could not be resolved";
        else if (ex.IsConnectionRefused) cause = "the connection was refused (nothing listens there)";
        else if (ex.IsCertificateFailure) cause = "its TLS certificate is not trusted";
        else cause = "the connection failed: " + AuraErrors.InnermostMessage(inner);
        var tries = attempts > 1 ? $" (after {attempts} attempts)" : "";
        return new AuraApiException(
            $"Cannot reach the Aura API at {_root.Scheme}://{host} (POST /oauth/token) to sign in as client id '{Options.ClientId}': {cause}{tries}.",
            ex.TimedOut ? "AuraRequestTimeout" : "AuraConnectionFailed",
            ex.TimedOut ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError, inner)
        {
            Method = "POST",
            Path = "/oauth/token",
            RecommendedAction = "Check -BaseUri (the Aura API is https://api.neo4j.io), the network connection and any proxy, then run Connect-Aura again.",
        };
    }

    private AuraApiException TokenRateLimited(TimeSpan? retryAfter, DateTimeOffset now, string? requestId)
    {
        var when = retryAfter is { } ra
            ? $"try again in {AuraErrors.FormatDuration(ra)} (after {(now + ra).ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)"
            : "try again later";
        return new AuraApiException(
            $"The Aura API refused to issue another access token for client id '{Options.ClientId}' (429 Too Many Requests): " +
            $"Aura allows {AuraTokenBudget.HourlyLimit} token requests an hour per client; {when}.",
            "AuraTokenRateLimited", ErrorCategory.LimitsExceeded)
        {
            StatusCode = 429,
            Method = "POST",
            Path = "/oauth/token",
            RequestId = requestId,
            RetryAfter = retryAfter,
            RecommendedAction = "Reuse one connection (Connect-Aura once per session) instead of connecting again and again, and wait before trying again.",
        };
    }

    private async Task<AuraHttpOutcome> TokenAttemptAsync(AuraCall call, CancellationToken cancellationToken)
    {
        call.Attempts++;
        _shared.TokenBudget.Record(_time.GetUtcNow());
        // The secret is read from its SecureString only here, into buffers zeroed right after use. The header value
        // itself has to be a string (HttpClient's API); it lives only as long as this request.
        return await SendFollowingAsync(call, () => new AuthenticationHeaderValue("Basic", BuildBasicCredential(Options.ClientId, Options.ClientSecret)), cancellationToken).ConfigureAwait(false);
    }

    private AuraCachedToken ParseToken(AuraHttpOutcome outcome, DateTimeOffset requestedAt, bool afterRefusal)
    {
        AuraTokenResponse? token;
        try
        {
            AuraResponses.CheckJsonBody(outcome);
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
        if (!IsHeaderSafeToken(token.AccessToken!))
        {
            // An Authorization header cannot carry it (CR/LF, spaces, non-ASCII): refuse it here with a clear error
            // instead of a FormatException on the first API call.
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType,
                "an access token holding characters an Authorization header cannot carry", null);
        }
        var seconds = token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 3600;
        var lifetime = TimeSpan.FromSeconds(Math.Min(seconds, 365L * 24 * 3600));
        var margin = Options.TokenRenewalMargin < TimeSpan.Zero ? TimeSpan.Zero : Options.TokenRenewalMargin;
        // A short-lived token is renewed in the last tenth of its life, not earlier: Aura grants 15 tokens an hour, and
        // renewing at half the life would double the token requests (a late request still renews once on a 403).
        var tenth = TimeSpan.FromTicks(lifetime.Ticks / 10);
        if (margin > tenth) margin = tenth;
        var expires = requestedAt + lifetime;
        return new AuraCachedToken(token.AccessToken!, requestedAt, expires, expires - margin) { MadeAfterRefusal = afterRefusal };
    }

    /// <summary>RFC 6750 b64token characters (and a length bound): what an Authorization header can carry.</summary>
    internal static bool IsHeaderSafeToken(string token)
    {
        if (token.Length == 0 || token.Length > 16384) return false;
        foreach (var c in token)
        {
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                     || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
            if (!ok) return false;
        }
        return true;
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

    /// <summary>
    /// The secrets this transport knows (the cached bearer token, the client secret): masked wherever an answer
    /// echoes them, whatever their shape. Each call reads the secret only for the scan, into a buffer zeroed after.
    /// </summary>
    internal string MaskKnownSecrets(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var token = _tokens.Current?.AccessToken;
        if (!string.IsNullOrEmpty(token) && token!.Length >= 8) text = Redactor.MaskValue(text, token);
        var secretChars = ReadSecret(Options.ClientSecret);
        try
        {
            if (secretChars.Length >= 6) text = Redactor.MaskValue(text, new string(secretChars));
        }
        finally
        {
            Array.Clear(secretChars, 0, secretChars.Length);
        }
        return text;
    }

    // ---------------------------------------------------------------- errors and tracing

    private static bool IsIdempotent(HttpMethod method)
        => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
           || string.Equals(method.Method, "GET", StringComparison.OrdinalIgnoreCase)
           || string.Equals(method.Method, "HEAD", StringComparison.OrdinalIgnoreCase)
           || string.Equals(method.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase);

    private IReadOnlyList<AuraApiError> ParseApiErrors(AuraHttpOutcome outcome)
    {
        var errors = AuraResponses.ParseApiErrors(outcome);
        foreach (var e in errors)
        {
            if (e.Message is not null) e.Message = MaskKnownSecrets(e.Message);
            if (e.Reason is not null) e.Reason = MaskKnownSecrets(e.Reason);
        }
        return errors;
    }

    private AuraApiException StatusError(AuraHttpOutcome outcome, AuraCall call)
    {
        var apiErrors = ParseApiErrors(outcome);
        string? snippet = null;
        if (apiErrors.Count == 0 && outcome.Body.Length > 0)
        {
            snippet = MaskKnownSecrets(AuraResponses.IsJson(outcome)
                ? Redactor.Snippet(Encoding.UTF8.GetBytes(Redactor.RedactUtf8(outcome.Body.Span, MaxDebugChars)))
                : Redactor.Snippet(outcome.Body.Span));
        }
        return AuraErrors.FromStatus(outcome.Status, outcome.ReasonPhrase, call.MethodName, call.Path, apiErrors, snippet,
            outcome.ContentType, outcome.RetryAfter, call.Idempotent, call.Attempts, outcome.RequestId,
            outcome.Status == 308 ? Redactor.Url(outcome.Location?.ToString()) : null,
            refusedAfterRenewal: call.AuthRetried);
    }

    private void DebugBody(AuraCall call, string what, byte[]? body)
    {
        var sink = AuraTrace.Current;
        if (sink is null || !sink.DebugEnabled || body is null) return;
        sink.Debug($"{call.MethodName} {call.Path} {what} body: {Clip(call.IsTokenRequest && what == "request" ? "grant_type=client_credentials" : MaskKnownSecrets(Redactor.RedactUtf8(body, MaxDebugChars)))}");
    }

    private void DebugBody(AuraCall call, string what, AuraBodyBuffer? body)
    {
        var sink = AuraTrace.Current;
        if (sink is null || !sink.DebugEnabled || body is null) return;
        sink.Debug($"{call.MethodName} {call.Path} {what} body: {Clip(MaskKnownSecrets(Redactor.RedactUtf8(body.Span, MaxDebugChars)))}");
    }

    private static string Clip(string text)
        => text.Length <= MaxDebugChars ? text : text.Substring(0, MaxDebugChars) + $"… ({text.Length - MaxDebugChars} more characters)";
}
