using System;
using System.Net.Http;
using System.Security;
using Neo4jAura.Client;
using Xunit;

namespace Neo4jAura.Tests.Client;

/// <summary>
/// A connection made the usual way (Connect-Aura without -RequestsPerMinute: the default 120) asks for no pace of its
/// own: on a host whose pace was raised (the loopback emulator with NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE, here
/// HostRequestsPerMinute) it runs at the host's pace; only a lower value gives it a pacer of its own.
/// </summary>
public class EmulatorPaceTests
{
    private static AuraClient Client(Uri baseUri, int? hostPace, int? ownPace)
    {
        var secret = new SecureString();
        foreach (var c in "pace-secret") secret.AppendChar(c);
        secret.MakeReadOnly();
        var options = new AuraClientOptions
        {
            BaseUri = baseUri,
            ClientId = "pace-client",
            ClientSecret = secret,
            HostRequestsPerMinute = hostPace,
            HandlerFactory = () => new HttpClientHandler(),
        };
        if (ownPace is { } p) options.RequestsPerMinute = p;
        return new AuraClient(options);
    }

    [Fact]
    public void A_default_connection_runs_at_a_raised_host_pace()
    {
        var baseUri = new Uri($"http://127.0.0.1:{Random.Shared.Next(20000, 60000)}/pace-{Guid.NewGuid():N}/");
        using var client = Client(baseUri, hostPace: 100000, ownPace: null);
        Assert.Equal(100000, client.Transport.HostPacer.RequestsPerMinute);
        Assert.Same(client.Transport.HostPacer, client.Transport.Pacer);
        Assert.Equal(100000, client.Transport.Pacer.RequestsPerMinute);
    }

    [Fact]
    public void A_connection_that_asks_for_less_than_the_default_still_gets_its_own_pacer()
    {
        var baseUri = new Uri($"http://127.0.0.1:{Random.Shared.Next(20000, 60000)}/pace-{Guid.NewGuid():N}/");
        using var fast = Client(baseUri, hostPace: 100000, ownPace: null);
        using var slow = Client(baseUri, hostPace: null, ownPace: 30);
        Assert.Same(fast.Transport.HostPacer, slow.Transport.HostPacer);
        Assert.NotSame(slow.Transport.HostPacer, slow.Transport.Pacer);
        Assert.Equal(30, slow.Transport.Pacer.RequestsPerMinute);
    }

    [Fact]
    public void On_a_host_at_the_default_pace_nothing_changes()
    {
        using var client = Client(new Uri($"https://pace-{Guid.NewGuid():N}.test/"), hostPace: null, ownPace: null);
        Assert.Equal(120, client.Transport.Pacer.RequestsPerMinute);
        Assert.Same(client.Transport.HostPacer, client.Transport.Pacer);
    }
}
