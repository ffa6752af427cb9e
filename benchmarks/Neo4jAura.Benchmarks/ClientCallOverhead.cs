using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Neo4jAura.Client;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// Issue 8, where the per-call overhead goes: one GET /v1/instances/{id} through AuraClient (pacer, token cache,
/// Polly pipeline, timeout, body buffer, source-generated parse) against a bare HttpClient over the same in-memory
/// handler (no network: only the layers differ).
/// </summary>
[MemoryDiagnoser]
public class ClientCallOverhead
{
    private FakeAuraHandler _handler = null!;
    private HttpClient _http = null!;
    private AuraClient _client = null!;
    private const string Url = "http://aura.bench.invalid/v1/instances/a1b2c3d4";

    [GlobalSetup]
    public void Setup()
    {
        var one = InstanceListJson.CreateSingle();
        _handler = new FakeAuraHandler(Array.Empty<byte>(), one);
        _http = new HttpClient(_handler, disposeHandler: false);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-token");
        var secret = new SecureString();
        foreach (var c in "bench-secret") secret.AppendChar(c);
        secret.MakeReadOnly();
        _client = new AuraClient(new AuraClientOptions
        {
            BaseUri = new Uri("http://aura.bench.invalid"),
            ClientId = "bench-" + Guid.NewGuid().ToString("N"),
            ClientSecret = secret,
            HandlerFactory = () => _handler,
            // Far above any loop's pace, so that the pacer never makes a call wait: only the layers are measured.
            HostRequestsPerMinute = 1_000_000_000,
        });
        _client.EnsureTokenAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (_client.Instances.GetAsync("a1b2c3d4", CancellationToken.None).GetAwaiter().GetResult().Id is not { Length: 8 })
            throw new InvalidOperationException("GetInstanceAsync did not parse the instance.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _http.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HttpClient GET + bytes (floor)")]
    public async Task<int> HttpClientGet()
    {
        var bytes = await _http.GetByteArrayAsync(Url).ConfigureAwait(false);
        return bytes.Length;
    }

    [Benchmark(Description = "HttpClient GET + JsonDocument")]
    public async Task<int> HttpClientGetParse()
    {
        var bytes = await _http.GetByteArrayAsync(Url).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("data").GetProperty("id").GetString()!.Length;
    }

    [Benchmark(Description = "AuraClient.Instances.GetAsync")]
    public async Task<int> AuraClientGet()
    {
        var i = await _client.Instances.GetAsync("a1b2c3d4", CancellationToken.None).ConfigureAwait(false);
        return i.Id.Length;
    }
}
