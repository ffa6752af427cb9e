using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;

namespace Neo4jAura.Tests.Client;

/// <summary>One API request as <see cref="ScriptedAura"/> saw it.</summary>
internal sealed record SeenRequest(string Method, string Host, string PathAndQuery, string Body, string? ContentType, string? Authorization)
{
    public override string ToString() => $"{Method} {PathAndQuery}";
}

/// <summary>
/// A scripted Aura for cmdlet tests, in real time: answers the token endpoint with a fixed token and each API request
/// from the answers scripted for its method and path (with query), in order, the last one repeating. Every answer
/// carries an X-Request-Id unless the script says otherwise. A request nothing was scripted for is answered 599 and
/// recorded, so a test can show that nothing unexpected was sent.
/// </summary>
internal sealed class ScriptedAura : HttpMessageHandler
{
    public const string Token = "scripted-token-0123456789abcdefghijklmnopq";
    public const string Secret = "scripted-Client-Secret-5e4d3c";

    private readonly ConcurrentDictionary<string, List<Func<SeenRequest, HttpResponseMessage>>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly List<SeenRequest> _requests = new();
    private int _requestIds;

    public ScriptedAura(string? host = null) => Host = host ?? $"scripted-{Guid.NewGuid():N}.test";

    /// <summary>The API host of this server (each server its own, so process-wide token caches and pacers never mix).</summary>
    public string Host { get; }

    public Uri BaseUri => new($"https://{Host}/");

    /// <summary>Every API request (not the token's), in order.</summary>
    public IReadOnlyList<SeenRequest> Requests { get { lock (_requests) return _requests.ToList(); } }

    /// <summary>The requests that changed something (POST, PATCH, DELETE).</summary>
    public IReadOnlyList<SeenRequest> Changes => Requests.Where(r => r.Method is "POST" or "PATCH" or "DELETE").ToList();

    /// <summary>Scripts the answers to METHOD /v1/path (with query); the last one repeats.</summary>
    public ScriptedAura On(string method, string pathAndQuery, params Func<SeenRequest, HttpResponseMessage>[] answers)
    {
        _routes[method + " " + pathAndQuery] = answers.ToList();
        return this;
    }

    /// <summary>A connection over this server, as Connect-Aura makes one (retries on, no jitter, unpaced).</summary>
    public AuraConnection Connect(int maxRetries = 2)
    {
        var secret = new SecureString();
        foreach (var c in Secret) secret.AppendChar(c);
        secret.MakeReadOnly();
        return new AuraConnection(new AuraClient(new AuraClientOptions
        {
            BaseUri = BaseUri,
            ClientId = "scripted-client",
            ClientSecret = secret,
            HandlerFactory = () => this,
            MaxRetries = maxRetries,
            HostRequestsPerMinute = 100000,
            Jitter = () => 0,
        }));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal))
        {
            return Json(200, $"{{\"access_token\":\"{Token}\",\"expires_in\":3600,\"token_type\":\"bearer\"}}");
        }
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var seen = new SeenRequest(request.Method.Method, uri.Host, uri.PathAndQuery, body, request.Content?.Headers.ContentType?.MediaType,
            request.Headers.Authorization?.ToString());
        lock (_requests) _requests.Add(seen);
        var key = seen.Method + " " + seen.PathAndQuery;
        HttpResponseMessage response;
        if (_routes.TryGetValue(key, out var answers) && answers.Count > 0)
        {
            var n = _served.AddOrUpdate(key, 0, (_, v) => v + 1);
            response = answers[Math.Min(n, answers.Count - 1)](seen);
        }
        else
        {
            response = Json(599, $"{{\"errors\":[{{\"message\":\"nothing scripted for {key}\",\"reason\":\"unscripted\"}}]}}");
        }
        if (response.Headers.Contains(NoRequestIdHeader)) response.Headers.Remove(NoRequestIdHeader);
        else if (!response.Headers.Contains("X-Request-Id")) response.Headers.TryAddWithoutValidation("X-Request-Id", RequestId(Interlocked.Increment(ref _requestIds)));
        return response;
    }

    /// <summary>The X-Request-Id of the n-th scripted answer (Aura's shape: 32 hex digits, a slash, a number).</summary>
    public static string RequestId(int n) => $"{n:x32}/{1000000 + n}";

    private const string NoRequestIdHeader = "X-Scripted-No-Request-Id";

    /// <summary>A JSON answer (Content-Type application/json).</summary>
    public static HttpResponseMessage Json(int status, string json, Action<HttpResponseMessage>? tweak = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        tweak?.Invoke(response);
        return response;
    }

    /// <summary>An answer without a body (204, 308).</summary>
    public static HttpResponseMessage Empty(int status, Action<HttpResponseMessage>? tweak = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        tweak?.Invoke(response);
        return response;
    }

    /// <summary>Marks an answer to go out without X-Request-Id.</summary>
    public static void WithoutRequestId(HttpResponseMessage response) => response.Headers.TryAddWithoutValidation(NoRequestIdHeader, "1");

    /// <summary>The answer as a step.</summary>
    public static Func<SeenRequest, HttpResponseMessage> Answer(int status, string json, Action<HttpResponseMessage>? tweak = null)
        => _ => Json(status, json, tweak);

    protected override void Dispose(bool disposing)
    {
        // Shared by the HttpClients of a connection; the test owns it.
    }
}
