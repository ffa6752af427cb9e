using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// A minimal scripted Aura for the reliability tests: the token endpoint answers with a fixed token, every other
/// request goes to <see cref="Api"/>. Counts what it sees. Real time; the tests keep delays at zero.
/// </summary>
internal sealed class StubAura : HttpMessageHandler
{
    public const string Token = "stub-token-0123456789abcdefghijklmnopqrstuvw";
    public const string Secret = "stub-Client-Secret-9f8e7d";

    public Func<HttpRequestMessage, int, HttpResponseMessage> Api { get; set; } = (_, _) => Json(200, "{\"data\":[]}");
    public ConcurrentQueue<string> Requests { get; } = new();
    private int _apiCount;
    public int ApiCount => Volatile.Read(ref _apiCount);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.Method.Method + " " + request.RequestUri!.AbsolutePath);
        if (request.RequestUri.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal))
        {
            return Task.FromResult(Json(200, $"{{\"access_token\":\"{Token}\",\"expires_in\":3600,\"token_type\":\"bearer\"}}"));
        }
        var n = Interlocked.Increment(ref _apiCount);
        return Task.FromResult(Api(request, n));
    }

    public static HttpResponseMessage Json(int status, string json)
        => new((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(int status, string text, string mediaType)
        => new((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    /// <summary>A client over this stub on a base URI of its own (the process-wide token cache and pacer are per base URI).</summary>
    public AuraClient NewClient(int maxRetries = 2)
        => new(new AuraClientOptions
        {
            BaseUri = new Uri($"https://stub-{Guid.NewGuid():N}.test/"),
            ClientId = "stub-client",
            ClientSecret = Secure(Secret),
            HandlerFactory = () => this,
            MaxRetries = maxRetries,
            HostRequestsPerMinute = 100000,
            Jitter = () => 0,
        });

    public static SecureString Secure(string s)
    {
        var secure = new SecureString();
        foreach (var c in s) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    protected override void Dispose(bool disposing)
    {
        // Shared by the clients of a test; the test owns it.
    }
}
