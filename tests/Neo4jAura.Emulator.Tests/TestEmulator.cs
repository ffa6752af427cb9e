using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Tests;

/// <summary>An in-process emulator on a free loopback port, with an HttpClient and helpers.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    public const string ClientId = "test-client";
    public const string ClientSecret = "test-secret-Zx81";
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private string? token;

    private TestEmulator(EmulatorServer server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
        Http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public EmulatorServer Server { get; }
    public FakeTimeProvider Clock { get; }
    public HttpClient Http { get; }
    public EmulatorStore Store => Server.Store;

    /// <summary>Starts an emulator on a fake clock; token and API limits are off unless <paramref name="configure"/> sets them.</summary>
    public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new EmulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            TimeProvider = clock,
            TransitionTime = TimeSpan.FromSeconds(3),
            SnapshotTime = TimeSpan.FromSeconds(3),
            RateLimitPerMinute = 0,
            TokenLimitPerHour = 0,
        };
        configure?.Invoke(options);
        return new TestEmulator(await EmulatorServer.StartAsync(options), clock);
    }

    public async Task<string> TokenAsync(bool fresh = false)
    {
        if (token is null || fresh)
        {
            using var response = await RequestTokenAsync(ClientId, ClientSecret);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            token = (await JsonAsync(response))["access_token"]!.GetValue<string>();
        }

        return token;
    }

    public Task<HttpResponseMessage> RequestTokenAsync(string id, string secret, string body = "grant_type=client_credentials", string path = "oauth/token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret)));
        return Http.SendAsync(request);
    }

    /// <summary>Sends an API request with the cached token (or <paramref name="bearer"/>; "" sends none).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        bearer ??= await TokenAsync();
        if (bearer.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, null, bearer);

    public Task<HttpResponseMessage> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json);

    /// <summary>POSTs to the control API (no auth).</summary>
    public async Task<JsonNode?> ControlAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, "_emulator/" + path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} /_emulator/{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>GETs data.status of an instance.</summary>
    public async Task<string> StatusAsync(string instanceId)
    {
        using var response = await GetAsync($"v1/instances/{instanceId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response))["data"]!["status"]!.GetValue<string>();
    }

    public async Task<string> SnapshotStatusAsync(string instanceId, string snapshotId)
    {
        using var response = await GetAsync($"v1/instances/{instanceId}/snapshots/{snapshotId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response))["data"]!["status"]!.GetValue<string>();
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new Xunit.Sdk.XunitException("Empty JSON body");
    }

    /// <summary>The errors[] of an AuraError body, as (field, reason, message).</summary>
    public static async Task<List<(string? Field, string? Reason, string Message)>> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        var errors = body["errors"] as JsonArray ?? throw new Xunit.Sdk.XunitException("No errors[] in " + body.ToJsonString());
        return errors.Select(e => ((string?)e!["field"], (string?)e["reason"], (string)e["message"]!)).ToList();
    }

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

public static class Seed
{
    public const string Tenant = SeedData.ProductionTenantId;
    public const string OtherTenant = SeedData.DevelopmentTenantId;
    public const string Running = "a1b2c3d4";
    public const string Running2 = "b2c3d4e5";
    public const string Paused = "e5f6a7b8";
    public const string RunningSnapshot = "a1b2c3d4-0000-4000-8000-000000000001";
    public const string Running2Snapshot = "b2c3d4e5-0000-4000-8000-000000000001";

    public static string CreateBody(string name = "new-instance", string memory = "8GB", string region = "us-east-1",
        string cloudProvider = "aws", string type = "enterprise-db", string tenantId = Tenant) =>
        new JsonObject
        {
            ["name"] = name, ["version"] = "5", ["region"] = region, ["memory"] = memory,
            ["type"] = type, ["tenant_id"] = tenantId, ["cloud_provider"] = cloudProvider,
        }.ToJsonString();

    public static string RestoreBody(string name = "restored", string type = "enterprise-db", string tenantId = Tenant) =>
        new JsonObject
        {
            ["name"] = name, ["region"] = "europe-west1", ["memory"] = "8GB",
            ["type"] = type, ["tenant_id"] = tenantId, ["cloud_provider"] = "gcp",
        }.ToJsonString();
}
