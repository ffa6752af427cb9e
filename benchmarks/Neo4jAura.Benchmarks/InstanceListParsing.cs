using System;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Neo4jAura.Client;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// Parsing: 10,000 instances with every field of the Instance schema (what Get-AuraInstance reads with one detail GET
/// each) into AuraInstance objects by the module's converter, against a bare JsonDocument.Parse of the same bytes (the
/// floor). The transport path (pacer, token cache, body buffer) is measured on the same bytes.
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
            HostRequestsPerMinute = int.MaxValue / 2,
        });
        _client.EnsureTokenAsync(CancellationToken.None).GetAwaiter().GetResult();
        // Sanity: every path sees the whole list.
        var n = ListReaderAll().GetAwaiter().GetResult();
        if (n != Count) throw new InvalidOperationException($"The reader read {n} of {Count} instances.");
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

    /// <summary>The transport's path: request through pacer and token cache, buffer, parse the whole list.</summary>
    [Benchmark(Description = "transport + AuraResponses.ParseList (whole list)")]
    public async Task<int> ListInstances()
    {
        using var outcome = await _client.Transport.SendAsync(System.Net.Http.HttpMethod.Get, "/instances", null, CancellationToken.None).ConfigureAwait(false);
        return AuraResponses.ParseList(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraInstance).Count;
    }

    /// <summary>The streaming reader over the same answer: check, then parse one instance at a time.</summary>
    [Benchmark(Description = "transport + AuraListReader (all items)")]
    public async Task<int> ListReaderAll()
    {
        using var list = await Open().ConfigureAwait(false);
        var n = 0;
        foreach (var _ in list.Read(CancellationToken.None)) n++;
        return n;
    }

    /// <summary>Time to the first AuraInstance of the answer (then the rest is abandoned).</summary>
    [Benchmark(Description = "transport + AuraListReader (first item)")]
    public async Task<string> ListReaderFirst()
    {
        using var list = await Open().ConfigureAwait(false);
        using var e = list.Read(CancellationToken.None).GetEnumerator();
        if (!e.MoveNext()) throw new InvalidOperationException("empty list");
        return e.Current.Id;
    }

    private async Task<AuraListReader<AuraInstance>> Open()
    {
        var outcome = await _client.Transport.SendAsync(System.Net.Http.HttpMethod.Get, "/instances", null, CancellationToken.None).ConfigureAwait(false);
        return new AuraListReader<AuraInstance>(outcome, AuraJsonContext.Default.AuraInstance);
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
