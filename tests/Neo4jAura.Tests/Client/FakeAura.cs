using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Neo4jAura.Client;

namespace Neo4jAura.Tests.Client;

/// <summary>One request as the fake server saw it.</summary>
public sealed record RecordedRequest(
    string Method, string PathAndQuery, string? Authorization, bool ConnectionClose, string? ContentType, string Body,
    DateTimeOffset Time, string? UserAgent)
{
    public bool IsToken => PathAndQuery.EndsWith("/oauth/token", StringComparison.Ordinal);
}

/// <summary>
/// A scripted HttpMessageHandler: records every request (method, path, headers, body, fake time) and answers the
/// token endpoint with numbered tokens (or a scripted answer) and API requests from a queue (or a default).
/// A step may throw HttpRequestException to simulate a dropped connection.
/// </summary>
public sealed class FakeAura : HttpMessageHandler
{
    public delegate Task<HttpResponseMessage> Step(RecordedRequest request, CancellationToken cancellationToken);

    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Step> _api = new();
    private readonly ConcurrentQueue<Step> _token = new();
    private readonly List<RecordedRequest> _requests = new();
    private int _tokenCounter;

    public FakeAura(TimeProvider time) => _time = time;

    /// <summary>expires_in of the tokens the default token answer issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;
    /// <summary>Answer for API requests when the queue is empty (default: 200 {"data": []}).</summary>
    public Step DefaultApi { get; set; } = (_, _) => Task.FromResult(Json(200, "{\"data\":[]}"));
    /// <summary>Called as each request arrives, before it is answered (tests can block here).</summary>
    public Func<RecordedRequest, CancellationToken, Task>? OnRequest { get; set; }

    public IReadOnlyList<RecordedRequest> Requests { get { lock (_requests) return _requests.ToList(); } }
    public IReadOnlyList<RecordedRequest> ApiRequests => Requests.Where(r => !r.IsToken).ToList();
    public IReadOnlyList<RecordedRequest> TokenRequests => Requests.Where(r => r.IsToken).ToList();
    public int Count { get { lock (_requests) return _requests.Count; } }
    public int ApiCount => ApiRequests.Count;
    public int TokenCount => TokenRequests.Count;

    public FakeAura Enqueue(params Step[] steps) { foreach (var s in steps) _api.Enqueue(s); return this; }
    public FakeAura EnqueueToken(params Step[] steps) { foreach (var s in steps) _token.Enqueue(s); return this; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method, request.RequestUri!.PathAndQuery,
            request.Headers.Authorization?.ToString(), request.Headers.ConnectionClose == true,
            request.Content?.Headers.ContentType?.MediaType, body, _time.GetUtcNow(),
            request.Headers.UserAgent.ToString());
        lock (_requests) _requests.Add(recorded);
        if (OnRequest is { } hook) await hook(recorded, cancellationToken);
        if (recorded.IsToken)
        {
            if (_token.TryDequeue(out var tokenStep)) return await tokenStep(recorded, cancellationToken);
            var n = Interlocked.Increment(ref _tokenCounter);
            return Json(200, $"{{\"access_token\":\"tok-{n}\",\"expires_in\":{TokenLifetimeSeconds},\"token_type\":\"bearer\"}}");
        }
        if (_api.TryDequeue(out var step)) return await step(recorded, cancellationToken);
        return await DefaultApi(recorded, cancellationToken);
    }

    // ------------------------------------------------------------ answers

    public static HttpResponseMessage Json(int status, string json, Action<HttpResponseMessage>? tweak = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        tweak?.Invoke(response);
        return response;
    }

    public static HttpResponseMessage Text(int status, string text, string mediaType)
        => new((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    public static Step Answer(int status, string json = "{}", int? retryAfterSeconds = null)
        => (_, _) => Task.FromResult(Json(status, json, r =>
        {
            if (retryAfterSeconds is { } s) r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
        }));

    public static Step Drop(string message = "The response ended prematurely.")
        => (_, _) => throw new HttpRequestException(message, new System.IO.IOException("connection reset by peer"));

    public static Step Error(int status, string field, string message, string reason)
        => Answer(status, $"{{\"errors\":[{{\"message\":\"{message}\",\"reason\":\"{reason}\",\"field\":\"{field}\"}}]}}");

    public static string InstanceJson(string id, string status = "running", string extra = "")
        => $"{{\"id\":\"{id}\",\"name\":\"inst-{id}\",\"status\":\"{status}\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\",\"region\":\"europe-west1\",\"type\":\"enterprise-db\",\"memory\":\"8GB\"{extra}}}";
}

/// <summary>A trace sink that keeps every line.</summary>
internal sealed class ListSink : IAuraTraceSink
{
    public ConcurrentQueue<string> VerboseLines { get; } = new();
    public ConcurrentQueue<string> DebugLines { get; } = new();
    public ConcurrentQueue<string> WarningLines { get; } = new();
    public bool DebugEnabled { get; set; } = true;
    public bool VerboseEnabled { get; set; } = true;
    public void Verbose(string message) => VerboseLines.Enqueue(message);
    public void Debug(string message) => DebugLines.Enqueue(message);
    public void Warning(string message) => WarningLines.Enqueue(message);
    public IEnumerable<string> All => VerboseLines.Concat(DebugLines).Concat(WarningLines);
}

/// <summary>Builds clients over a FakeAura on a base URI of their own (so the process-wide registry never mixes tests).</summary>
internal sealed class Harness : IDisposable
{
    public const string Secret = "s3cr3t-Client-Secret-value";

    public Harness(Action<AuraClientOptions>? configure = null, string? clientId = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Fake = new FakeAura(Time);
        BaseUri = new Uri($"https://aura-{Guid.NewGuid():N}.test/");
        ClientId = clientId ?? "client-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        Configure = configure;
        Client = NewClient();
    }

    public FakeTimeProvider Time { get; }
    public FakeAura Fake { get; }
    public Uri BaseUri { get; }
    public string ClientId { get; }
    public Action<AuraClientOptions>? Configure { get; }
    internal AuraClient Client { get; }
    private readonly List<AuraClient> _clients = new();

    internal AuraClient NewClient(Action<AuraClientOptions>? extra = null, string? secret = null)
    {
        var options = new AuraClientOptions
        {
            BaseUri = BaseUri,
            ClientId = ClientId,
            ClientSecret = ToSecure(secret ?? Secret),
            TimeProvider = Time,
            HandlerFactory = () => Fake,
            Jitter = () => 0.5,
        };
        Configure?.Invoke(options);
        extra?.Invoke(options);
        var client = new AuraClient(options);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public static SecureString ToSecure(string s)
    {
        var secure = new SecureString();
        foreach (var c in s) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Waits (real time, bounded) until the condition holds; the fake clock does not move.</summary>
    public static async Task Eventually(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for: " + what);
            await Task.Delay(2);
        }
    }

    /// <summary>Moves the fake clock in small steps until the task ends (pacing waits on it), then returns the task's result.</summary>
    public async Task PumpUntil(Task task, TimeSpan? step = null, int timeoutMs = 10000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out pumping the fake clock.");
            Time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(task, Task.Delay(1));
        }
        await task;
    }

    /// <summary>Waits (real time) until a counter has not moved for a while: the work the last clock step released is done.</summary>
    public static async Task Quiesce(Func<int> counter, int quietMs = 15)
    {
        var last = counter();
        var quietSince = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow - quietSince < TimeSpan.FromMilliseconds(quietMs) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
            var now = counter();
            if (now != last) { last = now; quietSince = DateTime.UtcNow; }
        }
    }

    /// <summary>Gives pending continuations a moment to run (used before asserting that nothing happened).</summary>
    public static Task Settle() => Task.Delay(50);

    public void Dispose()
    {
        lock (_clients) foreach (var c in _clients) c.Dispose();
    }
}
