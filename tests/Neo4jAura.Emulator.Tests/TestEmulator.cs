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

    /// <summary>
    /// Sends an API request with the cached token (or <paramref name="bearer"/>; "" sends none). Like a client, it
    /// renews the cached token once when it has expired (the clock may have been moved on by days).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? bearer = null)
    {
        async Task<HttpResponseMessage> Send(string token)
        {
            var request = new HttpRequestMessage(method, path.TrimStart('/'));
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (token.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return await Http.SendAsync(request);
        }

        if (bearer is not null)
        {
            return await Send(bearer);
        }

        var response = await Send(await TokenAsync());
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return response;
        }

        response.Dispose();
        return await Send(await TokenAsync(fresh: true));
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, null, bearer);

    /// <summary>POSTs JSON (an empty object unless given), as Aura requires even for operations that take no fields.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json = "{}") => SendAsync(HttpMethod.Post, path, json);

    public Task<HttpResponseMessage> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>POSTs a JSON body and returns data.id (or data.snapshot_id) of the answer, which must be a success.</summary>
    public async Task<string> PostForIdAsync(string path, string json = "{}")
    {
        using var response = await PostAsync(path, json);
        var body = await JsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {body.ToJsonString()}");
        return (string)(body["data"]!["id"] ?? body["data"]!["snapshot_id"])!;
    }

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

    /// <summary>GETs data of an answer that must be 200.</summary>
    public async Task<JsonNode> DataAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body.ToJsonString()}");
        return body["data"]!;
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

    /// <summary>The emulator's day (UTC) as YYYY-MM-DD, <paramref name="daysAgo"/> days back.</summary>
    public string Day(int daysAgo = 0) => Store.Now.UtcDateTime.Date.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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

    /// <summary>prod-orders: enterprise-db (VDC), 8GB, gcp europe-west1, encrypted with <see cref="Key"/>.</summary>
    public const string Running = "a1b2c3d4";

    /// <summary>prod-catalog: business-critical, 16GB, aws us-east-1.</summary>
    public const string Running2 = "b2c3d4e5";

    /// <summary>prod-analytics: enterprise-ds, 32GB, azure westeurope.</summary>
    public const string Analytics = "c3d4e5f6";

    /// <summary>staging-orders: professional-db, 8GB, gcp europe-west1 (development tenant).</summary>
    public const string Professional = "d4e5f6a7";

    /// <summary>dev-sandbox: free-db, paused (development tenant).</summary>
    public const string Paused = "e5f6a7b8";

    public const string RunningSnapshot = "a1b2c3d4-0000-4000-8000-000000000001";
    public const string Running2Snapshot = "b2c3d4e5-0000-4000-8000-000000000001";
    public const string FailedSnapshot = "c3d4e5f6-0000-4000-8000-000000000002";
    public const string Key = SeedData.CustomerManagedKeyId;

    public static string CreateBody(string name = "new-instance", string memory = "8GB", string region = "us-east-1",
        string cloudProvider = "aws", string type = "enterprise-db", string tenantId = Tenant, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject
        {
            ["name"] = name, ["version"] = "5", ["region"] = region, ["memory"] = memory,
            ["type"] = type, ["tenant_id"] = tenantId, ["cloud_provider"] = cloudProvider,
        };
        extra?.Invoke(body);
        return body.ToJsonString();
    }

    /// <summary>A clone of <paramref name="source"/> (optionally from one of its snapshots) as a new enterprise-db in gcp europe-west1.</summary>
    public static string CloneBody(string source, string? snapshot = null, string name = "clone", string memory = "16GB") =>
        CreateBody(name, memory, "europe-west1", "gcp", extra: b =>
        {
            b["source_instance_id"] = source;
            if (snapshot is not null)
            {
                b["source_snapshot_id"] = snapshot;
            }
        });

    public static string KeyBody(string name = "new-key", string region = "us-east-1", string provider = "aws", string tenantId = Tenant) =>
        new JsonObject
        {
            ["key_id"] = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            ["region"] = region, ["name"] = name, ["instance_type"] = "enterprise-db", ["tenant_id"] = tenantId, ["cloud_provider"] = provider,
        }.ToJsonString();

    public static string SessionBody(string name = "people", string memory = "8GB", string? ttl = null, string? instanceId = null) =>
        instanceId is null
            ? new JsonObject
            {
                ["name"] = name, ["memory"] = memory, ["ttl"] = ttl, ["tenant_id"] = Tenant, ["cloud_provider"] = "gcp", ["region"] = "europe-west1",
            }.ToJsonString()
            : new JsonObject { ["name"] = name, ["memory"] = memory, ["ttl"] = ttl, ["instance_id"] = instanceId }.ToJsonString();
}
