using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>
/// The process-wide registry behind every AuraClient: one entry per (base URI, client id) holding the request
/// pacer, and in it one token cache per client secret (keyed by an HMAC of the secret under a per-process random
/// key, so the key itself reveals nothing). Every runspace, thread and AuraClient of the process with the same
/// credentials shares one token and one request budget.
/// </summary>
/// <remarks>
/// Test isolation: entries are keyed by base URI, so tests that use distinct base URIs never share state;
/// <see cref="ResetForTests"/> clears everything.
/// </remarks>
internal static class AuraSharedState
{
    private static readonly ConcurrentDictionary<string, AuraSharedEntry> Entries = new(StringComparer.Ordinal);
    private static readonly byte[] HashKey = CreateKey();

    private static byte[] CreateKey()
    {
        var key = new byte[32];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(key);
        return key;
    }

    /// <summary>The entry of (base URI, client id); a different requests-per-minute replaces its pacer (the newer setting wins).</summary>
    public static AuraSharedEntry GetEntry(Uri baseUri, string clientId, int requestsPerMinute, TimeProvider timeProvider)
    {
        var key = NormaliseBaseUri(baseUri) + "\n" + clientId;
        var entry = Entries.GetOrAdd(key, _ => new AuraSharedEntry(requestsPerMinute, timeProvider));
        entry.EnsureRate(requestsPerMinute, timeProvider);
        return entry;
    }

    /// <summary>HMAC-SHA256 of the UTF-16 secret under the per-process key, hex.</summary>
    public static string HashSecret(byte[] secretUtf16)
    {
        using var hmac = new HMACSHA256(HashKey);
        var hash = hmac.ComputeHash(secretUtf16);
        return BitConverter.ToString(hash).Replace("-", "");
    }

    public static string NormaliseBaseUri(Uri baseUri) => baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant();

    /// <summary>Forgets every shared token and pacer (tests only).</summary>
    internal static void ResetForTests()
    {
        foreach (var pair in Entries)
        {
            if (Entries.TryRemove(pair.Key, out var entry)) entry.Dispose();
        }
    }
}

/// <summary>The shared state of one (base URI, client id).</summary>
internal sealed class AuraSharedEntry : IDisposable
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, AuraTokenCache> _tokens = new(StringComparer.Ordinal);
    private AuraRequestPacer _pacer;

    public AuraSharedEntry(int requestsPerMinute, TimeProvider timeProvider)
    {
        _pacer = new AuraRequestPacer(requestsPerMinute, timeProvider);
    }

    public AuraRequestPacer Pacer
    {
        get { lock (_gate) return _pacer; }
    }

    public AuraTokenCache Tokens(string secretHash) => _tokens.GetOrAdd(secretHash, _ => new AuraTokenCache());

    public void EnsureRate(int requestsPerMinute, TimeProvider timeProvider)
    {
        lock (_gate)
        {
            if (_pacer.RequestsPerMinute == requestsPerMinute) return;
            // Requests already waiting on the old pacer are served by it as its permits come back; it is then
            // left to the garbage collector (its timers hold it only until they fire).
            _pacer = new AuraRequestPacer(requestsPerMinute, timeProvider);
        }
    }

    /// <summary>Waits for a permit of the current pacer (a retired pacer hands over to its successor).</summary>
    public async Task WaitForPermitAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            if (await Pacer.WaitAsync(cancellationToken).ConfigureAwait(false)) return;
        }
    }

    public void Dispose()
    {
        lock (_gate) _pacer.Dispose();
    }
}
