using System;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Neo4jAura.Client;
using Neo4jAura.Models;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// Issue 8, parsing: a 10,000-instance GET /v1/instances answer into AuraInstance objects by the module's real path,
/// against a bare JsonDocument.Parse of the same bytes (the floor).
/// </summary>
[MemoryDiagnoser]
public class InstanceListParsing
{
    private byte[] _json = Array.Empty<byte>();
    private AuraClient _client = null!;

    [Params(10_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _json = InstanceListJson.Create(Count);
        var secret = new SecureString();
        foreach (var c in "bench-secret") secret.AppendChar(c);
        secret.MakeReadOnly();
        var handler = new FakeAuraHandler(_json);
        _client = new AuraClient(new AuraClientOptions
        {
            BaseUri = new Uri("http://aura.bench.invalid"),
            // One client id per run: the pacer and the token cache are process-wide per (base URI, client id).
            ClientId = "bench-" + Guid.NewGuid().ToString("N"),
            ClientSecret = secret,
            HandlerFactory = () => handler,
            RequestsPerMinute = int.MaxValue / 2,
        });
        _client.EnsureTokenAsync(CancellationToken.None).GetAwaiter().GetResult();
        // Sanity: every path sees the whole list.
        var list = _client.ListInstancesAsync(null, CancellationToken.None).GetAwaiter().GetResult();
        if (list.Count != Count) throw new InvalidOperationException($"ListInstancesAsync read {list.Count} of {Count} instances.");
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>The floor: a DOM of the same bytes, no objects.</summary>
    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (floor)")]
    public int JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(_json);
        return doc.RootElement.GetProperty("data").GetArrayLength();
    }

    /// <summary>The source-generated context alone: the envelope with its list of AuraInstance, from the bytes.</summary>
    [Benchmark(Description = "AuraJsonContext envelope deserialize")]
    public int SourceGenerated()
    {
        var envelope = JsonSerializer.Deserialize(_json, AuraJsonContext.Default.AuraDataEnvelopeListAuraInstance);
        return envelope!.Data!.Count;
    }

    /// <summary>Reference, not the module: a plain DTO of the same fields without the lenient converters.</summary>
    [Benchmark(Description = "(reference) plain DTO, no converters")]
    public int PlainSourceGenerated()
    {
        var envelope = JsonSerializer.Deserialize(_json, PlainJsonContext.Default.PlainEnvelope);
        return envelope!.Data!.Count;
    }

    /// <summary>What Get-AuraInstance (no -InstanceId) calls: request through pacer and token cache, buffer, parse.</summary>
    [Benchmark(Description = "AuraClient.ListInstancesAsync (whole list)")]
    public async Task<int> ListInstances()
    {
        var list = await _client.ListInstancesAsync(null, CancellationToken.None).ConfigureAwait(false);
        return list.Count;
    }

    /// <summary>What Get-AuraInstance (no -InstanceId) calls: request, check the whole answer, parse one instance at a time.</summary>
    [Benchmark(Description = "AuraClient.OpenInstanceListAsync (all items)")]
    public async Task<int> ListReaderAll()
    {
        using var list = await _client.OpenInstanceListAsync(null, CancellationToken.None).ConfigureAwait(false);
        var n = 0;
        foreach (var _ in list.Read(CancellationToken.None)) n++;
        return n;
    }

    /// <summary>Time to the first AuraInstance that Get-AuraInstance can write (then the rest is abandoned).</summary>
    [Benchmark(Description = "AuraClient.OpenInstanceListAsync (first item)")]
    public async Task<string> ListReaderFirst()
    {
        using var list = await _client.OpenInstanceListAsync(null, CancellationToken.None).ConfigureAwait(false);
        using var e = list.Read(CancellationToken.None).GetEnumerator();
        if (!e.MoveNext()) throw new InvalidOperationException("empty list");
        return e.Current.Id;
    }

    /// <summary>Reference: the reader's check of the whole answer alone (a Utf8JsonReader walk, nothing built).</summary>
    [Benchmark(Description = "(reference) Utf8JsonReader walk of the bytes")]
    public int ReaderWalk()
    {
        var reader = new Utf8JsonReader(_json);
        var n = 0;
        while (reader.Read()) n++;
        return n;
    }
}
