using System.Net;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>Status machines over time, on a fake clock (3 s transitions and snapshots).</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task CreatedInstanceGoesFromCreatingToRunning()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(name: "fresh", memory: "4GB"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var data = (await TestEmulator.JsonAsync(response))["data"]!;
        var id = (string)data["id"]!;
        Assert.Matches("^[0-9a-f]{8}$", id);
        Assert.Equal("creating", (string?)data["status"]);
        Assert.Equal("neo4j", (string?)data["username"]);
        Assert.True(((string)data["password"]!).Length >= 20);
        Assert.Equal($"neo4j+s://{id}.databases.neo4j.io", (string?)data["connection_url"]);

        Assert.Equal("creating", await emu.StatusAsync(id));
        emu.Advance(2.9);
        Assert.Equal("creating", await emu.StatusAsync(id));
        emu.Advance(0.1);
        Assert.Equal("running", await emu.StatusAsync(id));

        using var get = await emu.GetAsync($"v1/instances/{id}");
        var instance = (await TestEmulator.JsonAsync(get))["data"]!;
        Assert.Equal("8GB", (string?)instance["storage"]);
        Assert.Equal("5", (string?)instance["neo4j_version"]);
        Assert.Null(instance["password"]);
        Assert.Contains(id, (string)instance["metrics_integration_url"]!);
    }

    [Fact]
    public async Task PauseAndResumeGoThroughTheirTransitions()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var pause = await emu.PostAsync($"v1/instances/{Seed.Running}/pause"))
        {
            Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
            Assert.Equal("pausing", (string?)(await TestEmulator.JsonAsync(pause))["data"]!["status"]);
        }

        emu.Advance(3);
        Assert.Equal("paused", await emu.StatusAsync(Seed.Running));
        using (var resume = await emu.PostAsync($"v1/instances/{Seed.Running}/resume"))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
            Assert.Equal("resuming", (string?)(await TestEmulator.JsonAsync(resume))["data"]!["status"]);
        }

        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task ResizeGoesThroughUpdatingButRenameIsImmediate()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var rename = await emu.SendAsync(HttpMethod.Patch, $"v1/instances/{Seed.Running}", "{\"name\":\"prod-orders-2\"}"))
        {
            var data = (await TestEmulator.JsonAsync(rename))["data"]!;
            Assert.Equal("prod-orders-2", (string?)data["name"]);
            Assert.Equal("running", (string?)data["status"]);
        }

        using (var resize = await emu.SendAsync(HttpMethod.Patch, $"v1/instances/{Seed.Running}", "{\"memory\":\"16GB\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, resize.StatusCode);
            var data = (await TestEmulator.JsonAsync(resize))["data"]!;
            Assert.Equal("updating", (string?)data["status"]);
            Assert.Equal("16GB", (string?)data["memory"]);
            Assert.Equal("32GB", (string?)data["storage"]);
        }

        using (var busy = await emu.SendAsync(HttpMethod.Patch, $"v1/instances/{Seed.Running}", "{\"name\":\"x\"}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, busy.StatusCode);
            var error = Assert.Single(await TestEmulator.ErrorsAsync(busy));
            Assert.Equal("invalid-state", error.Reason);
            Assert.Contains("updating", error.Message);
        }

        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task DeletedInstanceIsDestroyingThenGone()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var delete = await emu.SendAsync(HttpMethod.Delete, $"v1/instances/{Seed.Running}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        Assert.Equal("destroying", await emu.StatusAsync(Seed.Running));
        using (var again = await emu.SendAsync(HttpMethod.Delete, $"v1/instances/{Seed.Running}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        emu.Advance(3);
        using var gone = await emu.GetAsync($"v1/instances/{Seed.Running}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var list = await emu.GetAsync("v1/instances");
        Assert.DoesNotContain(Seed.Running, (await list.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SnapshotGoesFromInProgressToCompleted()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var create = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        Assert.Equal(HttpStatusCode.Accepted, create.StatusCode);
        var data = (await TestEmulator.JsonAsync(create))["data"]!;
        var sid = (string)data["snapshot_id"]!;
        Assert.Equal("InProgress", (string?)data["status"]);
        Assert.Equal(Seed.Running, (string?)data["instance_id"]);
        Assert.Equal(TestEmulator.Start, DateTimeOffset.Parse((string)data["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture));

        emu.Advance(2);
        Assert.Equal("InProgress", await emu.SnapshotStatusAsync(Seed.Running, sid));
        emu.Advance(1);
        Assert.Equal("Completed", await emu.SnapshotStatusAsync(Seed.Running, sid));

        using var list = await emu.GetAsync($"v1/instances/{Seed.Running}/snapshots");
        var snapshots = (await TestEmulator.JsonAsync(list))["data"]!.AsArray();
        Assert.Equal(4, snapshots.Count);
        Assert.Equal(sid, (string?)snapshots[0]!["snapshot_id"]);
    }

    [Fact]
    public async Task FailNextSnapshotsMakesSnapshotsFail()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"fail_next_snapshots\": 1}");
        using var first = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        using var second = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        var failing = (string)(await TestEmulator.JsonAsync(first))["data"]!["snapshot_id"]!;
        var ok = (string)(await TestEmulator.JsonAsync(second))["data"]!["snapshot_id"]!;
        emu.Advance(3);
        Assert.Equal("Failed", await emu.SnapshotStatusAsync(Seed.Running, failing));
        Assert.Equal("Completed", await emu.SnapshotStatusAsync(Seed.Running, ok));
        Assert.Equal(0, emu.Store.Settings.FailNextSnapshots);
    }

    [Fact]
    public async Task RestoreCreatesANewInstanceThatGoesFromRestoringToRunning()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore", Seed.RestoreBody("copy"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var data = (await TestEmulator.JsonAsync(response))["data"]!;
        var id = (string)data["id"]!;
        Assert.NotEqual(Seed.Running, id);
        Assert.Equal("restoring", (string?)data["status"]);
        Assert.False(string.IsNullOrEmpty((string?)data["password"]));
        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(id));
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task OverwriteLoadsTheTargetThenItRunsAgain()
    {
        await using var emu = await TestEmulator.StartAsync();
        var body = $"{{\"source_instance_id\":\"{Seed.Running2}\",\"source_snapshot_id\":\"{Seed.Running2Snapshot}\"}}";
        using var response = await emu.PostAsync($"v1/instances/{Seed.Running}/overwrite", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("loading", (string?)(await TestEmulator.JsonAsync(response))["data"]!["status"]);
        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task TransitionTimeSettingApplies()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"transition_seconds\": 10}");
        using var _ = await emu.PostAsync($"v1/instances/{Seed.Running}/pause");
        emu.Advance(9);
        Assert.Equal("pausing", await emu.StatusAsync(Seed.Running));
        emu.Advance(1);
        Assert.Equal("paused", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task ForcedStatusIsHeldUntilChanged()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var _ = await emu.PostAsync("v1/instances", Seed.CreateBody());
        var id = emu.Store.ListInstances().Single(i => i.Name == "new-instance").Id;
        var forced = await emu.ControlAsync(HttpMethod.Post, $"instances/{id}/status", "{\"status\":\"suspended\"}");
        Assert.Equal("suspended", (string?)forced!["data"]!["status"]);
        emu.Advance(600);
        Assert.Equal("suspended", await emu.StatusAsync(id));
        using (var pause = await emu.PostAsync($"v1/instances/{id}/pause"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, pause.StatusCode);
            Assert.Contains("suspended", Assert.Single(await TestEmulator.ErrorsAsync(pause)).Message);
        }

        await emu.ControlAsync(HttpMethod.Post, $"instances/{id}/status", "{\"status\":\"running\"}");
        using var pause2 = await emu.PostAsync($"v1/instances/{id}/pause");
        Assert.Equal(HttpStatusCode.OK, pause2.StatusCode);
        emu.Advance(3);
        Assert.Equal("paused", await emu.StatusAsync(id));
    }

    [Fact]
    public async Task ForcedSnapshotStatusIsHeld()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var create = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        var sid = (string)(await TestEmulator.JsonAsync(create))["data"]!["snapshot_id"]!;
        await emu.ControlAsync(HttpMethod.Post, $"instances/{Seed.Running}/snapshots/{sid}/status", "{\"status\":\"Pending\"}");
        emu.Advance(60);
        Assert.Equal("Pending", await emu.SnapshotStatusAsync(Seed.Running, sid));
    }

    [Fact]
    public async Task OperationsThatMakeNoSenseInTheStateAre400InvalidState()
    {
        await using var emu = await TestEmulator.StartAsync();
        async Task ExpectInvalidState(HttpMethod method, string path, string? body, string status)
        {
            using var response = await emu.SendAsync(method, path, body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode}");
            var error = Assert.Single(await TestEmulator.ErrorsAsync(response));
            Assert.Equal("invalid-state", error.Reason);
            Assert.Contains(status, error.Message);
        }

        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{Seed.Paused}/pause", null, "paused");
        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{Seed.Running}/resume", null, "running");
        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{Seed.Paused}/snapshots", null, "paused");
        await ExpectInvalidState(HttpMethod.Patch, $"v1/instances/{Seed.Paused}", "{\"memory\":\"4GB\"}", "paused");
        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{Seed.Paused}/overwrite",
            $"{{\"source_instance_id\":\"{Seed.Running}\",\"source_snapshot_id\":\"{Seed.RunningSnapshot}\"}}", "paused");

        using var created = await emu.PostAsync("v1/instances", Seed.CreateBody());
        var newId = (string)(await TestEmulator.JsonAsync(created))["data"]!["id"]!;
        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{newId}/snapshots", null, "creating");

        using var snap = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        var sid = (string)(await TestEmulator.JsonAsync(snap))["data"]!["snapshot_id"]!;
        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{Seed.Running}/snapshots/{sid}/restore", Seed.RestoreBody(), "InProgress");
        await ExpectInvalidState(HttpMethod.Post, $"v1/instances/{Seed.Running2}/overwrite",
            $"{{\"source_instance_id\":\"{Seed.Running}\",\"source_snapshot_id\":\"{sid}\"}}", "InProgress");
    }

    [Fact]
    public async Task TenantsOfferTypesAndRegionsWithMemory()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.GetAsync("v1/tenants");
        var tenants = (await TestEmulator.JsonAsync(response))["data"]!.AsArray();
        Assert.Equal(2, tenants.Count);
        var configs = tenants[0]!["instance_configurations"]!.AsArray();
        Assert.Equal(new[] { "enterprise-db", "enterprise-ds", "professional-db", "free-db" }, configs.Select(c => (string)c!["type"]!));
        var regions = configs[0]!["regions"]!.AsArray();
        foreach (var (name, provider) in new[] { ("europe-west1", "gcp"), ("us-central1", "gcp"), ("us-east-1", "aws"), ("eu-west-1", "aws"), ("westeurope", "azure"), ("eastus", "azure") })
        {
            var region = regions.Single(r => (string?)r!["name"] == name)!;
            Assert.Equal(provider, (string?)region["cloud_provider"]);
            Assert.Contains("8GB", region["memory"]!.AsArray().Select(m => (string?)m));
        }
    }

    [Fact]
    public async Task TenantFilterListsOnlyThatTenantsInstances()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.GetAsync($"v1/instances?tenantId={Seed.OtherTenant}");
        var data = (await TestEmulator.JsonAsync(response))["data"]!.AsArray();
        Assert.NotEmpty(data);
        Assert.All(data, i => Assert.Equal(Seed.OtherTenant, (string?)i!["tenant_id"]));
        Assert.Contains(data, i => ((string)i!["name"]!).StartsWith("staging-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task V1beta3ServesTheSameState()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var pause = await emu.PostAsync($"v1beta3/instances/{Seed.Running}/pause");
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        Assert.Equal("pausing", await emu.StatusAsync(Seed.Running));
        using var v1 = await emu.GetAsync("v1/instances");
        using var beta = await emu.GetAsync("v1beta3/instances");
        Assert.Equal(await v1.Content.ReadAsStringAsync(), await beta.Content.ReadAsStringAsync());
    }
}
