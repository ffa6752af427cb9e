using System.Net;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

public sealed class ControlTests
{
    [Fact]
    public async Task RequestLogRecordsApiAndTokenRequestsWithoutSecrets()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        using var created = await emu.PostAsync("v1/instances", Seed.CreateBody());
        var password = (string)(await TestEmulator.JsonAsync(created))["data"]!["password"]!;
        using var missing = await emu.GetAsync("v1/instances/ffffffff");
        using var anonymous = await emu.GetAsync("v1/tenants", bearer: "");
        using var badSecret = await emu.RequestTokenAsync(TestEmulator.ClientId, "not-the-secret");
        await emu.ControlAsync(HttpMethod.Get, "state");

        using var logResponse = await emu.Http.GetAsync("_emulator/requests");
        var raw = await logResponse.Content.ReadAsStringAsync();
        var log = JsonNode.Parse(raw)!.AsArray();
        Assert.All(log, e => Assert.Matches("^[0-9a-f]{32}/[0-9]+$", (string)e!["request_id"]!));
        Assert.Equal(
            new[] { "POST /oauth/token 200", "POST /v1/instances 202", "GET /v1/instances/ffffffff 404", "GET /v1/tenants 401", "POST /oauth/token 401" },
            log.Select(e => $"{e!["method"]} {e["path"]} {e["status"]}"));
        Assert.Equal(TestEmulator.ClientId, (string?)log[1]!["client_id"]);
        Assert.Null(log[3]!["client_id"]);
        Assert.Equal(TestEmulator.Start, DateTimeOffset.Parse((string)log[0]!["time"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(TestEmulator.ClientSecret, raw);
        Assert.DoesNotContain("not-the-secret", raw);
        Assert.DoesNotContain(token, raw);
        Assert.DoesNotContain(password, raw);

        await emu.ControlAsync(HttpMethod.Delete, "requests");
        Assert.Empty((await emu.ControlAsync(HttpMethod.Get, "requests"))!.AsArray());
    }

    [Fact]
    public async Task DroppedRequestsAreLoggedWithStatusZero()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/v1/tenants\",\"kind\":\"drop\"}");
        await Assert.ThrowsAsync<HttpRequestException>(() => emu.GetAsync("v1/tenants"));
        var log = (await emu.ControlAsync(HttpMethod.Get, "requests"))!.AsArray();
        Assert.Equal(0, (int)log.Last()!["status"]!);
    }

    [Fact]
    public async Task ResetGoesBackToTheSeed()
    {
        await using var emu = await TestEmulator.StartAsync();
        var seeded = emu.Store.ListInstances().Select(i => i.Id).OrderBy(i => i).ToList();
        using (await emu.PostAsync("v1/instances", Seed.CreateBody()))
        using (await emu.PostAsync($"v1/instances/{Seed.Running}/pause"))
        {
        }

        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"transition_seconds\": 99}");
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/nothing\",\"kind\":\"status\"}");
        await emu.ControlAsync(HttpMethod.Post, "reset");

        Assert.Equal(seeded, emu.Store.ListInstances().Select(i => i.Id).OrderBy(i => i).ToList());
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
        Assert.Equal(3, emu.Store.Settings.TransitionSeconds);
        Assert.Empty((await emu.ControlAsync(HttpMethod.Get, "faults"))!.AsArray());
        Assert.Single((await emu.ControlAsync(HttpMethod.Get, "requests"))!.AsArray()); // just the GET above
    }

    [Fact]
    public async Task SeedHasTheKnownInstancesOfEveryPlanWithStoredOnDemandSnapshotsAndAReadyKey()
    {
        await using var emu = await TestEmulator.StartAsync();
        var state = (await emu.ControlAsync(HttpMethod.Get, "state"))!;
        Assert.Equal(new[] { Seed.Tenant, Seed.OtherTenant }, state["tenants"]!.AsArray().Select(t => (string)t!["id"]!));
        var instances = state["instances"]!.AsArray();
        Assert.Equal(
            new[]
            {
                "a1b2c3d4 prod-orders enterprise-db running", "b2c3d4e5 prod-catalog business-critical running",
                "c3d4e5f6 prod-analytics enterprise-ds running", "d4e5f6a7 staging-orders professional-db running",
                "e5f6a7b8 dev-sandbox free-db paused",
            },
            instances.Select(i => $"{i!["id"]} {i["name"]} {i["type"]} {i["status"]}"));
        Assert.All(instances, i => Assert.True(DateTimeOffset.Parse((string)i!["created_at"]!, System.Globalization.CultureInfo.InvariantCulture) <= TestEmulator.Start.AddDays(-21)));
        var snapshots = state["snapshots"]!.AsArray();
        foreach (var prod in new[] { Seed.Running, Seed.Running2, Seed.Analytics, Seed.Professional })
        {
            Assert.Contains(snapshots, s => (string?)s!["instance_id"] == prod && (string?)s["status"] == "Completed" && (string?)s["profile"] == "AdHoc");
        }

        var key = Assert.Single(state["customer_managed_keys"]!.AsArray())!;
        Assert.Equal(Seed.Key, (string?)key["id"]);
        Assert.Equal("ready", (string?)key["status"]);
        Assert.Equal(Seed.Key, (string?)instances[0]!["customer_managed_key_id"]);
    }

    [Fact]
    public async Task SettingsCanBeReadAndChangedPartially()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLimitPerHour = 15);
        var settings = (await emu.ControlAsync(HttpMethod.Get, "settings"))!;
        Assert.Equal(3, (double)settings["transition_seconds"]!);
        Assert.Equal(3600, (double)settings["token_lifetime_seconds"]!);
        Assert.Equal(15, (int)settings["token_limit_per_hour"]!);
        Assert.Equal(0, (int)settings["fail_next_snapshots"]!);
        Assert.Equal(0, (int)settings["fail_next_clones"]!);
        Assert.Equal(0, (int)settings["instance_limit"]!);
        Assert.False((bool)settings["missing_billing_details"]!);
        Assert.False((bool)settings["snapshots_payment_required"]!);
        Assert.Equal("seconds", (string?)settings["retry_after_format"]);
        Assert.Equal(3, (double)settings["creation_seconds"]!);

        var changed = (await emu.ControlAsync(HttpMethod.Post, "settings", "{\"snapshot_seconds\": 0.5, \"token_limit_per_hour\": 0}"))!;
        Assert.Equal(0.5, (double)changed["snapshot_seconds"]!);
        Assert.Equal(0, (int)changed["token_limit_per_hour"]!);
        Assert.Equal(3, (double)changed["transition_seconds"]!);
    }

    [Theory]
    [InlineData("{\"transition_seconds\": -1}")]
    [InlineData("{\"rate_limit_per_minute\": \"many\"}")]
    [InlineData("{\"fail_next_snapshots\": 1.5}")]
    [InlineData("not json")]
    public async Task BadSettingsAre400(string body)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("_emulator/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ForcingTheStatusOfUnknownThingsIs404AndAStatusIsRequired()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var unknown = await emu.Http.PostAsync("_emulator/instances/ffffffff/status",
            new StringContent("{\"status\":\"suspended\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unknownSnapshot = await emu.Http.PostAsync($"_emulator/instances/{Seed.Running}/snapshots/nope/status",
            new StringContent("{\"status\":\"Pending\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknownSnapshot.StatusCode);
        using var missing = await emu.Http.PostAsync($"_emulator/instances/{Seed.Running}/status",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var unknownStatus = await emu.Http.PostAsync($"_emulator/instances/{Seed.Running}/status",
            new StringContent("{\"status\":\"destroyed\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus.StatusCode);
    }

    [Fact]
    public async Task ForcedOverwritingAndLoadingFailedAreShownAsIs()
    {
        await using var emu = await TestEmulator.StartAsync();
        foreach (var status in new[] { "overwriting", "loading failed", "suspending" })
        {
            await emu.ControlAsync(HttpMethod.Post, $"instances/{Seed.Running}/status", new JsonObject { ["status"] = status }.ToJsonString());
            Assert.Equal(status, await emu.StatusAsync(Seed.Running));
        }
    }
}
