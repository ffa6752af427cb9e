using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>
/// The process-wide registry behind every connection: one <see cref="AuraHostState"/> per API host (its request pacer:
/// one for the whole process, whatever the connections ask) and, under it, one <see cref="AuraSharedEntry"/> per client
/// id (its token request budget and one token cache per client secret, keyed by an HMAC of the secret under a
/// per-process random key, so the key itself reveals nothing). Every runspace, thread and connection of the process
/// with the same credentials shares one token; everything sent to one host shares one budget.
/// </summary>
/// <remarks>
/// Test isolation: state is keyed by base URI, so tests that use distinct base URIs never share it;
/// <see cref="ResetForTests"/> clears everything.
/// </remarks>
internal static class AuraSharedState
{
    /// <summary>The pace of a host: under the API's 125 requests a minute, with a margin.</summary>
    public const int DefaultRequestsPerMinute = 120;

    /// <summary>
    /// Raises the pace for a loopback host only (a local emulator started with --rate-limit 0, as the test suites and
    /// benchmarks use it); never applies to any other host.
    /// </summary>
    public const string EmulatorPaceVariable = "NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE";

    private static readonly ConcurrentDictionary<string, AuraHostState> Hosts = new(StringComparer.Ordinal);
    private static readonly byte[] HashKey = CreateKey();

    private static byte[] CreateKey()
    {
        var key = new byte[32];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(key);
        return key;
    }

    /// <summary>
    /// The entry of (base URI, client id). The host's pacer is made by the first connection to the host (at
    /// <paramref name="hostRequestsPerMinute"/>, else the default, or the emulator setting for a loopback host) and
    /// never replaced.
    /// </summary>
    public static AuraSharedEntry GetEntry(Uri baseUri, string clientId, TimeProvider timeProvider, int? hostRequestsPerMinute = null)
    {
        var host = Hosts.GetOrAdd(NormaliseBaseUri(baseUri), _ => new AuraHostState(new AuraRequestPacer(HostPace(baseUri, hostRequestsPerMinute), timeProvider)));
        return host.Entry(clientId);
    }

    private static int HostPace(Uri baseUri, int? asked)
    {
        if (asked is > 0) return asked.Value;
        if (baseUri.IsLoopback
            && int.TryParse(Environment.GetEnvironmentVariable(EmulatorPaceVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var emulator)
            && emulator > 0)
        {
            return emulator;
        }
        return DefaultRequestsPerMinute;
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
        foreach (var pair in Hosts)
        {
            if (Hosts.TryRemove(pair.Key, out var host)) host.Dispose();
        }
    }
}

/// <summary>The shared state of one API host: its pacer and the entries of the client ids used with it.</summary>
internal sealed class AuraHostState : IDisposable
{
    private readonly ConcurrentDictionary<string, AuraSharedEntry> _entries = new(StringComparer.Ordinal);

    public AuraHostState(AuraRequestPacer pacer) => Pacer = pacer;

    public AuraRequestPacer Pacer { get; }

    public AuraSharedEntry Entry(string clientId) => _entries.GetOrAdd(clientId, _ => new AuraSharedEntry(Pacer));

    public void Dispose() => Pacer.Dispose();
}

/// <summary>The shared state of one (base URI, client id): the host's pacer, the token budget and the token caches.</summary>
internal sealed class AuraSharedEntry
{
    private readonly ConcurrentDictionary<string, AuraTokenCache> _tokens = new(StringComparer.Ordinal);

    public AuraSharedEntry(AuraRequestPacer pacer) => Pacer = pacer;

    public AuraRequestPacer Pacer { get; }

    /// <summary>Token requests of this client id in the last hour, whatever the secret.</summary>
    public AuraTokenBudget TokenBudget { get; } = new();

    public AuraTokenCache Tokens(string secretHash) => _tokens.GetOrAdd(secretHash, _ => new AuraTokenCache());

    /// <summary>Waits for a permit of the host's pacer.</summary>
    public async Task WaitForPermitAsync(CancellationToken cancellationToken)
    {
        if (!await Pacer.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ObjectDisposedException(nameof(AuraRequestPacer), "The request pacer of this API host was reset.");
        }
    }
}
