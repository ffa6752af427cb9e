using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Emulator;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

/// <summary>The client against the real emulator, in process, on a free loopback port (real time, small delays).</summary>
public class EmulatorEndToEndTests
{
    private sealed record LogEntry(string Method, string Path, int Status);

    private static async Task<LogEntry[]> RequestLog(HttpClient control, string? pathPrefix = null)
    {
        using var doc = JsonDocument.Parse(await control.GetStringAsync("_emulator/requests"));
        return doc.RootElement.EnumerateArray()
            .Select(e => new LogEntry(e.GetProperty("method").GetString()!, e.GetProperty("path").GetString()!, e.GetProperty("status").GetInt32()))
            .Where(e => pathPrefix is null || e.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .ToArray();
    }

    private static async Task Control(HttpClient control, string method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await control.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Client_drives_the_emulator_with_retries_renewal_and_no_resend()
    {
        const string secret = "e2e-Secret-Value-0123456789";
        var ct = CancellationToken.None;
        await using var emu = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            ClientId = "e2e-client",
            ClientSecret = secret,
            TransitionTime = TimeSpan.FromSeconds(1),
            SnapshotTime = TimeSpan.FromSeconds(1),
        });
        using var control = new HttpClient { BaseAddress = emu.BaseUri };
        var sink = new ListSink();
        AuraTrace.Current = sink;
        using var client = new AuraClient(new AuraClientOptions
        {
            BaseUri = emu.BaseUri,
            ClientId = emu.ClientId,
            ClientSecret = Harness.ToSecure(emu.ClientSecret),
        });

        await client.EnsureTokenAsync(ct);
        Assert.NotNull(client.TokenExpiresOn);

        var tenants = await client.Tenants.ListAsync(ct);
        Assert.Equal(2, tenants.Count);
        var tenant = await client.Tenants.GetAsync(tenants[0].Id, ct);
        var config = tenant.InstanceConfigurations.First(c => c.Type == "enterprise-db");

        // The list has summaries; the details (status and the rest) come from GET /instances/{id}.
        var instances = await client.Instances.ListAsync(null, ct);
        Assert.NotEmpty(instances);
        var details = new List<AuraInstance>();
        foreach (var summary in instances) details.Add(await client.Instances.GetAsync(summary.Id, ct));
        var running = details.First(i => i.Status == "running" && i.Type != "free-db");
        Assert.All(details, d => Assert.Equal(instances.First(i => i.Id == d.Id).Name, d.Name));
        var snapshots = await client.Snapshots.ListAsync(running.Id, null, ct);
        Assert.NotEmpty(snapshots);
        Assert.All(snapshots, s => Assert.NotNull(s.Timestamp));

        // Create: the one-time password comes back only as a credential.
        var created = await client.Instances.CreateAsync(new CreateInstanceRequest
        {
            Name = "e2e-db", TenantId = tenant.Id, Type = config.Type!, Region = config.Region!,
            CloudProvider = config.CloudProvider!, Memory = config.Memory!.Text, Storage = config.Storage?.Text, Version = config.Version!,
        }, ct);
        Assert.Equal("e2e-db", created.Name);
        Assert.Equal("creating", created.Status);
        Assert.NotNull(created.Credential);
        var password = created.Credential!.GetNetworkCredential().Password;
        Assert.False(string.IsNullOrEmpty(password));

        var notFound = await Assert.ThrowsAsync<AuraApiException>(() => client.Instances.GetAsync("deadbeef", ct));
        Assert.Equal("AuraInstanceNotFound", notFound.ErrorId);

        // Two 503s on a GET: retried (Retry-After 0), three requests in all.
        await Control(control, "DELETE", "_emulator/requests");
        await Control(control, "POST", "_emulator/faults", $"{{\"method\":\"GET\",\"path\":\"/v1/instances/{running.Id}\",\"count\":2,\"kind\":\"status\",\"status\":503,\"retry_after_seconds\":0}}");
        await client.Instances.GetAsync(running.Id, ct);
        Assert.Equal(new[] { 503, 503, 200 }, (await RequestLog(control, "/v1/instances/" + running.Id)).Select(e => e.Status));

        // A POST whose answer is cut off mid-body is reported, never resent.
        await Control(control, "DELETE", "_emulator/requests");
        await Control(control, "POST", "_emulator/faults", "{\"method\":\"POST\",\"path\":\"/v1/instances/*/pause\",\"count\":1,\"kind\":\"drop\",\"drop_stage\":\"mid-body\"}");
        var lost = await Assert.ThrowsAsync<AuraApiException>(() => client.Instances.PauseAsync(running.Id, ct));
        Assert.True(lost.OperationMayHaveHappened);
        Assert.Contains("may or may not have been carried out", lost.Message);
        await Task.Delay(300);
        Assert.Single(await RequestLog(control, "/v1/instances/" + running.Id + "/pause"));

        // Expired tokens: one 403, one new token, the request goes through.
        await Control(control, "POST", "_emulator/tokens/expire");
        await Control(control, "DELETE", "_emulator/requests");
        await client.Instances.ListAsync(null, ct);
        var log = await RequestLog(control);
        Assert.Equal(new[] { ("GET", 403), ("POST", 200), ("GET", 200) }, log.Select(e => (e.Method, e.Status)));
        Assert.Equal("/oauth/token", log[1].Path);

        // Wrong secret: a clear authentication error.
        using var wrong = new AuraClient(new AuraClientOptions { BaseUri = emu.BaseUri, ClientId = emu.ClientId, ClientSecret = Harness.ToSecure("not-the-secret") });
        var auth = await Assert.ThrowsAsync<AuraApiException>(() => wrong.EnsureTokenAsync(ct));
        Assert.Equal("AuraAuthenticationFailed", auth.ErrorId);
        AuraTrace.Current = null;

        var everything = string.Join("\n", sink.All) + lost + notFound + auth + created + client.Transport.TokenCache.Current;
        Assert.DoesNotContain(secret, everything);
        Assert.DoesNotContain(client.Transport.TokenCache.Current!.AccessToken, everything);
        Assert.DoesNotContain(password, everything);
        Assert.Contains(sink.VerboseLines, l => l.StartsWith("POST /oauth/token -> 200 OK in "));
        Assert.Contains(sink.DebugLines, l => l.Contains("\"access_token\":\"***\""));
    }
}
