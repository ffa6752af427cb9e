using System.Net;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>Instance status machines over time, on a fake clock (3 s transitions and creations).</summary>
public sealed class LifecycleTests
{
    private static async Task<(string Reason, string Message)> ErrorOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        var error = JsonNode.Parse(body)!["errors"]![0]!;
        return ((string)error["reason"]!, (string)error["message"]!);
    }

    [Fact]
    public async Task CreatedInstanceGoesFromCreatingToRunningAndShowsItsTypesFields()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.CreationTime = TimeSpan.FromSeconds(5));
        using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(name: "fresh", memory: "4GB"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var data = (await TestEmulator.JsonAsync(response))["data"]!;
        var id = (string)data["id"]!;
        Assert.Matches("^[0-9a-f]{8}$", id);
        Assert.Null(data["status"]);
        Assert.Equal("neo4j", (string?)data["username"]);
        Assert.True(((string)data["password"]!).Length >= 20);
        Assert.Equal($"neo4j+s://{id}.databases.neo4j.io", (string?)data["connection_url"]);
        Assert.Equal("2025-06-02T09:30:00Z", (string?)data["created_at"]);

        Assert.Equal("creating", await emu.StatusAsync(id));
        emu.Advance(4.9);
        Assert.Equal("creating", await emu.StatusAsync(id));
        emu.Advance(0.1);
        var instance = await emu.DataAsync($"v1/instances/{id}");
        Assert.Equal("running", (string?)instance["status"]);
        Assert.Equal("8GB", (string?)instance["storage"]);
        Assert.Equal(0, (int)instance["secondaries_count"]!);
        Assert.Equal("OFF", (string?)instance["cdc_enrichment_mode"]);
        Assert.Null(instance["neo4j_version"]);
        Assert.Null(instance["password"]);
        Assert.Contains(id, (string)instance["metrics_integration_url"]!);
    }

    [Fact]
    public async Task FreeInstanceHasNoStorageButGraphCountsAsStrings()
    {
        await using var emu = await TestEmulator.StartAsync();
        var free = await emu.DataAsync($"v1/instances/{Seed.Paused}");
        Assert.Null(free["storage"]);
        Assert.Equal(System.Text.Json.JsonValueKind.String, free["graph_nodes"]!.GetValueKind());
        Assert.Null(free["secondaries_count"]);
        Assert.Null(free["cdc_enrichment_mode"]);
        var professional = await emu.DataAsync($"v1/instances/{Seed.Professional}");
        Assert.Null(professional["graph_nodes"]);
        Assert.Null(professional["cdc_enrichment_mode"]);
        Assert.True((bool)professional["graph_analytics_plugin"]!);
    }

    [Fact]
    public async Task ListsAreSummariesAndTenantsAreFlat()
    {
        await using var emu = await TestEmulator.StartAsync();
        var list = (await emu.DataAsync("v1/instances")).AsArray();
        Assert.Equal(5, list.Count);
        Assert.All(list, i => Assert.Equal(new[] { "id", "name", "tenant_id", "cloud_provider", "created_at" }, i!.AsObject().Select(p => p.Key)));
        var tenants = (await emu.DataAsync("v1/tenants")).AsArray();
        Assert.All(tenants, t => Assert.Equal(new[] { "id", "name" }, t!.AsObject().Select(p => p.Key)));
        var configurations = (await emu.DataAsync($"v1/tenants/{Seed.Tenant}"))["instance_configurations"]!.AsArray();
        Assert.Contains(configurations, c => (string?)c!["type"] == "enterprise-db" && (string?)c["region"] == "europe-west1"
            && (string?)c["cloud_provider"] == "gcp" && (string?)c["memory"] == "8GB" && (string?)c["storage"] == "16GB"
            && (string?)c["version"] == "5" && (string?)c["region_name"] == "Belgium (europe-west1)");
        var filtered = (await emu.DataAsync($"v1/instances?tenantId={Seed.OtherTenant}")).AsArray();
        Assert.Equal(new[] { Seed.Professional, Seed.Paused }, filtered.Select(i => (string)i!["id"]!));
        Assert.Empty((await emu.DataAsync("v1/instances?tenantId=nobody")).AsArray());
    }

    [Fact]
    public async Task PauseAndResumeAre202AndGoThroughTheirTransitions()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var pause = await emu.PostAsync($"v1/instances/{Seed.Running}/pause"))
        {
            Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
            Assert.Equal("pausing", (string?)(await TestEmulator.JsonAsync(pause))["data"]!["status"]);
        }

        using (var again = await emu.PostAsync($"v1/instances/{Seed.Running}/pause"))
        {
            var (reason, message) = await ErrorOf(again, HttpStatusCode.Conflict);
            Assert.Equal("ongoing-database-operation", reason);
            Assert.Equal("The database is current undergoing an operation: pausing", message);
        }

        emu.Advance(3);
        Assert.Equal("paused", await emu.StatusAsync(Seed.Running));
        using (var paused = await emu.PostAsync($"v1/instances/{Seed.Running}/pause"))
        {
            Assert.Equal("instance-not-running", (await ErrorOf(paused, HttpStatusCode.BadRequest)).Reason);
        }

        using (var resume = await emu.PostAsync($"v1/instances/{Seed.Running}/resume"))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
            Assert.Equal("resuming", (string?)(await TestEmulator.JsonAsync(resume))["data"]!["status"]);
        }

        using (var busy = await emu.PostAsync($"v1/instances/{Seed.Running}/resume"))
        {
            Assert.Equal("The database is current undergoing an operation: resuming", (await ErrorOf(busy, HttpStatusCode.Conflict)).Message);
        }

        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
        using var running = await emu.PostAsync($"v1/instances/{Seed.Running}/resume");
        Assert.Equal("instance-not-paused", (await ErrorOf(running, HttpStatusCode.Conflict)).Reason);
    }

    [Fact]
    public async Task RenameIs200AtOnceButResizeIs202WithAnEmptyObjectAndAppliesWhenUpdatingEnds()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var rename = await emu.PatchAsync($"v1/instances/{Seed.Running}", "{\"name\":\"prod-orders-2\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
            var data = (await TestEmulator.JsonAsync(rename))["data"]!;
            Assert.Equal("prod-orders-2", (string?)data["name"]);
            Assert.Equal("running", (string?)data["status"]);
        }

        using (var resize = await emu.PatchAsync($"v1/instances/{Seed.Running}", "{\"memory\":\"16GB\",\"secondaries_count\":4,\"cdc_enrichment_mode\":\"DIFF\"}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, resize.StatusCode);
            Assert.Equal("{}", await resize.Content.ReadAsStringAsync());
        }

        var updating = await emu.DataAsync($"v1/instances/{Seed.Running}");
        Assert.Equal("updating", (string?)updating["status"]);
        Assert.Equal("8GB", (string?)updating["memory"]);
        using (var busy = await emu.PatchAsync($"v1/instances/{Seed.Running}", "{\"name\":\"x\"}"))
        {
            Assert.Equal("ongoing-database-operation", (await ErrorOf(busy, HttpStatusCode.Conflict)).Reason);
        }

        emu.Advance(3);
        var done = await emu.DataAsync($"v1/instances/{Seed.Running}");
        Assert.Equal("running", (string?)done["status"]);
        Assert.Equal("16GB", (string?)done["memory"]);
        Assert.Equal("32GB", (string?)done["storage"]);
        Assert.Equal(4, (int)done["secondaries_count"]!);
        Assert.Equal("DIFF", (string?)done["cdc_enrichment_mode"]);
    }

    [Theory]
    [InlineData(Seed.Professional, "{\"secondaries_count\":1}", "secondaries_count")]
    [InlineData(Seed.Running2, "{\"secondaries_count\":1}", "secondaries_count")]
    [InlineData(Seed.Analytics, "{\"cdc_enrichment_mode\":\"FULL\"}", "cdc_enrichment_mode")]
    [InlineData(Seed.Analytics, "{\"vector_optimized\":true}", "vector_optimized")]
    [InlineData(Seed.Running, "{\"memory\":\"12GB\"}", "memory")]
    [InlineData(Seed.Running, "{\"memory\":\"16GB\",\"storage\":\"8GB\"}", "storage")]
    [InlineData(Seed.Running, "{\"memory\":\"2GB\",\"vector_optimized\":true}", "vector_optimized")]
    [InlineData(Seed.Running, "{\"secondaries_count\":16}", "secondaries_count")]
    public async Task PatchIsCheckedAgainstTheTypeAndTheTenantsConfigurations(string id, string body, string field)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PatchAsync($"v1/instances/{id}", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, Assert.Single(await TestEmulator.ErrorsAsync(response)).Field);
    }

    [Fact]
    public async Task ResizingAPausedInstanceIs400ButRenamingItIsFine()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var resize = await emu.PatchAsync($"v1/instances/{Seed.Paused}", "{\"memory\":\"2GB\"}");
        Assert.Equal(HttpStatusCode.BadRequest, resize.StatusCode);
        using var rename = await emu.PatchAsync($"v1/instances/{Seed.Paused}", "{\"name\":\"sandbox\"}");
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
    }

    [Fact]
    public async Task DeleteAnswers202WithTheInstanceThenItIsGone()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var delete = await emu.DeleteAsync($"v1/instances/{Seed.Running}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            var data = (await TestEmulator.JsonAsync(delete))["data"]!;
            Assert.Equal("destroying", (string?)data["status"]);
            Assert.Equal("prod-orders", (string?)data["name"]);
        }

        using (var again = await emu.DeleteAsync($"v1/instances/{Seed.Running}"))
        {
            Assert.Equal("The database is current undergoing an operation: destroying", (await ErrorOf(again, HttpStatusCode.Conflict)).Message);
        }

        emu.Advance(3);
        using var gone = await emu.GetAsync($"v1/instances/{Seed.Running}");
        var (reason, message) = await ErrorOf(gone, HttpStatusCode.NotFound);
        Assert.Equal("db-not-found", reason);
        Assert.Equal($"DB not found: {Seed.Running}", message);
        Assert.DoesNotContain(Seed.Running, (await emu.DataAsync("v1/instances")).ToJsonString());
        using var snapshots = await emu.GetAsync($"v1/instances/{Seed.Running}/snapshots");
        Assert.Equal(HttpStatusCode.NotFound, snapshots.StatusCode);
    }

    [Fact]
    public async Task UpgradeMakesAProfessionalInstanceBusinessCriticalAndResizesWhenAsked()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var upgrade = await emu.PostAsync($"v1/instances/{Seed.Professional}/upgrade", "{\"memory\":\"16GB\",\"storage\":\"32GB\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
            var data = (await TestEmulator.JsonAsync(upgrade))["data"]!;
            Assert.Equal("business-critical", (string?)data["type"]);
            Assert.Equal("updating", (string?)data["status"]);
            Assert.Equal("8GB", (string?)data["memory"]);
            Assert.Equal("16GB", (string?)data["storage"]);
            Assert.Null(data["cdc_enrichment_mode"]);
        }

        // The instance shows the business-critical fields (the upgrade answer does not).
        Assert.Equal("OFF", (string?)(await emu.DataAsync($"v1/instances/{Seed.Professional}"))["cdc_enrichment_mode"]);
        emu.Advance(3);
        var done = await emu.DataAsync($"v1/instances/{Seed.Professional}");
        Assert.Equal("running", (string?)done["status"]);
        Assert.Equal("16GB", (string?)done["memory"]);
        Assert.Equal("32GB", (string?)done["storage"]);
        using var twice = await emu.PostAsync($"v1/instances/{Seed.Professional}/upgrade");
        Assert.Equal("instance-type-not-upgradable", (await ErrorOf(twice, HttpStatusCode.Conflict)).Reason);
    }

    [Fact]
    public async Task UpgradeWithoutSizesKeepsTheConfigurationAndStaysRunning()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var upgrade = await emu.PostAsync($"v1/instances/{Seed.Professional}/upgrade");
        var data = (await TestEmulator.JsonAsync(upgrade))["data"]!;
        Assert.Equal("running", (string?)data["status"]);
        Assert.Equal("8GB", (string?)data["memory"]);
        Assert.Equal("business-critical", (string?)data["type"]);
    }

    [Fact]
    public async Task UpgradeAnswerHasTheFieldsOfAurasExampleAndStorage()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var upgrade = await emu.PostAsync($"v1/instances/{Seed.Professional}/upgrade");
        var data = (await TestEmulator.JsonAsync(upgrade))["data"]!.AsObject();
        Assert.Equal(
            new[] { "id", "name", "status", "connection_url", "tenant_id", "cloud_provider", "memory", "storage", "region", "type", "created_at" },
            data.Select(p => p.Key));
        Assert.Equal(Seed.Professional, (string?)data["id"]);

        // GET still shows the whole business-critical instance, storage included.
        var instance = await emu.DataAsync($"v1/instances/{Seed.Professional}");
        Assert.Equal("16GB", (string?)instance["storage"]);
        Assert.Equal("OFF", (string?)instance["cdc_enrichment_mode"]);
        Assert.NotNull(instance["metrics_integration_url"]);
    }

    [Fact]
    public async Task CloneWithoutASnapshotSnapshotsTheSourceNowAndTakesTheCreationTime()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"creation_seconds\": 10}");
        var before = (await emu.DataAsync($"v1/instances/{Seed.Running2}/snapshots")).AsArray().Count;
        var id = await emu.PostForIdAsync("v1/instances", Seed.CloneBody(Seed.Running2));
        var after = (await emu.DataAsync($"v1/instances/{Seed.Running2}/snapshots")).AsArray();
        Assert.Equal(before + 1, after.Count);
        Assert.Equal("AdHoc", (string?)after[0]!["profile"]);
        emu.Advance(9);
        Assert.Equal("creating", await emu.StatusAsync(id));
        emu.Advance(1);
        Assert.Equal("running", await emu.StatusAsync(id));
    }

    [Fact]
    public async Task CloneNeedsAnExportableSnapshotOfTheSource()
    {
        await using var emu = await TestEmulator.StartAsync();
        var differential = (await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots")).AsArray()
            .First(s => (string?)s!["profile"] == "Scheduled" && !(bool)s["exportable"]!)!;
        using (var fromDifferential = await emu.PostAsync("v1/instances", Seed.CloneBody(Seed.Running, (string)differential["snapshot_id"]!)))
        {
            Assert.Equal("snapshot-not-exportable", (await ErrorOf(fromDifferential, HttpStatusCode.BadRequest)).Reason);
        }

        using (var ofOther = await emu.PostAsync("v1/instances", Seed.CloneBody(Seed.Running, Seed.Running2Snapshot)))
        {
            Assert.Equal("snapshot-not-found", (await ErrorOf(ofOther, HttpStatusCode.BadRequest)).Reason);
        }

        using (var noSource = await emu.PostAsync("v1/instances", Seed.CreateBody(extra: b => b["source_snapshot_id"] = Seed.RunningSnapshot)))
        {
            Assert.Equal("source_snapshot_id", Assert.Single(await TestEmulator.ErrorsAsync(noSource)).Field);
        }

        using var ok = await emu.PostAsync("v1/instances", Seed.CloneBody(Seed.Running, Seed.RunningSnapshot));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
    }

    [Fact]
    public async Task FailingClonesEndLoadingFailedAndStayThereUntilDeleted()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"fail_next_clones\": 1}");
        var failed = await emu.PostForIdAsync("v1/instances", Seed.CloneBody(Seed.Running, Seed.RunningSnapshot, "drill-1"));
        var fine = await emu.PostForIdAsync("v1/instances", Seed.CloneBody(Seed.Running, Seed.RunningSnapshot, "drill-2"));
        var created = await emu.PostForIdAsync("v1/instances", Seed.CreateBody());
        Assert.Equal("creating", await emu.StatusAsync(failed));
        emu.Advance(600);
        Assert.Equal("loading failed", await emu.StatusAsync(failed));
        Assert.Equal("running", await emu.StatusAsync(fine));
        Assert.Equal("running", await emu.StatusAsync(created));
        using var delete = await emu.DeleteAsync($"v1/instances/{failed}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        emu.Advance(3);
        Assert.Null(emu.Store.FindInstance(failed));
    }

    [Fact]
    public async Task OverwriteWithoutASnapshotSnapshotsTheSourceAndGoesThroughOverwriting()
    {
        await using var emu = await TestEmulator.StartAsync();
        var before = (await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots")).AsArray().Count;
        using (var response = await emu.PostAsync($"v1/instances/{Seed.Running2}/overwrite", $"{{\"source_instance_id\":\"{Seed.Running}\"}}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var data = (await TestEmulator.JsonAsync(response))["data"]!;
            Assert.Equal(Seed.Running2, (string?)data["id"]);
            Assert.Equal("overwriting", (string?)data["status"]);
        }

        Assert.Equal(before + 1, (await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots")).AsArray().Count);
        using (var busy = await emu.PostAsync($"v1/instances/{Seed.Running2}/overwrite", $"{{\"source_instance_id\":\"{Seed.Running}\"}}"))
        {
            Assert.Equal("The database is current undergoing an operation: overwriting", (await ErrorOf(busy, HttpStatusCode.Conflict)).Message);
        }

        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running2));
    }

    [Fact]
    public async Task OverwriteRefusesFreeTargetsAndSmallerTargets()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var free = await emu.PostAsync($"v1/instances/{Seed.Paused}/overwrite", $"{{\"source_instance_id\":\"{Seed.Running}\"}}"))
        {
            Assert.Equal("Action unsupported for this tier of instance.", (await ErrorOf(free, (HttpStatusCode)420)).Message);
        }

        using var smaller = await emu.PostAsync($"v1/instances/{Seed.Running}/overwrite", $"{{\"source_instance_id\":\"{Seed.Running2}\"}}");
        Assert.Equal($"Cannot clone database {Seed.Running2} into smaller database {Seed.Running}.",
            (await ErrorOf(smaller, HttpStatusCode.InternalServerError)).Message);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task InPlaceRestoreRestoresTheSameInstance()
    {
        await using var emu = await TestEmulator.StartAsync();
        var count = (await emu.DataAsync("v1/instances")).AsArray().Count;
        using (var restore = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore"))
        {
            Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
            var data = (await TestEmulator.JsonAsync(restore))["data"]!;
            Assert.Equal(Seed.Running, (string?)data["id"]);
            Assert.Equal("restoring", (string?)data["status"]);
            Assert.Null(data["password"]);
        }

        Assert.Equal(count, (await emu.DataAsync("v1/instances")).AsArray().Count);
        using (var busy = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore"))
        {
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        }

        emu.Advance(3);
        Assert.Equal("running", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task ForcedStatusIsHeldUntilChanged()
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = await emu.PostForIdAsync("v1/instances", Seed.CreateBody());
        var forced = await emu.ControlAsync(HttpMethod.Post, $"instances/{id}/status", "{\"status\":\"suspended\"}");
        Assert.Equal("suspended", (string?)forced!["data"]!["status"]);
        emu.Advance(600);
        Assert.Equal("suspended", await emu.StatusAsync(id));
        using (var pause = await emu.PostAsync($"v1/instances/{id}/pause"))
        {
            Assert.Contains("suspended", (await ErrorOf(pause, HttpStatusCode.BadRequest)).Message);
        }

        await emu.ControlAsync(HttpMethod.Post, $"instances/{id}/status", "{\"status\":\"running\"}");
        using var pause2 = await emu.PostAsync($"v1/instances/{id}/pause");
        Assert.Equal(HttpStatusCode.Accepted, pause2.StatusCode);
        emu.Advance(3);
        Assert.Equal("paused", await emu.StatusAsync(id));
    }

    [Fact]
    public async Task CustomerManagedKeyMustBeReadyAndMatchTheInstance()
    {
        await using var emu = await TestEmulator.StartAsync();
        string Body(string region, string provider, string key) => Seed.CreateBody("encrypted", "8GB", region, provider, extra: b => b["customer_managed_key_id"] = key);
        using (var mismatch = await emu.PostAsync("v1/instances", Body("us-east-1", "aws", Seed.Key)))
        {
            Assert.Equal("encryption-key-mismatch", (await ErrorOf(mismatch, HttpStatusCode.BadRequest)).Reason);
        }

        var pending = await emu.PostForIdAsync("v1/customer-managed-keys", Seed.KeyBody());
        using (var notReady = await emu.PostAsync("v1/instances", Body("us-east-1", "aws", pending)))
        {
            Assert.Equal("encryption-key-not-ready", (await ErrorOf(notReady, HttpStatusCode.BadRequest)).Reason);
        }

        emu.Advance(3);
        var id = await emu.PostForIdAsync("v1/instances", Body("us-east-1", "aws", pending));
        Assert.Equal(pending, (string?)(await emu.DataAsync($"v1/instances/{id}"))["customer_managed_key_id"]);
        using var ok = await emu.PostAsync("v1/instances", Body("europe-west1", "gcp", Seed.Key));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
    }

    [Fact]
    public async Task V1beta3IsADeprecatedAliasThatSaysWhenItExpires()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var beta = await emu.GetAsync("v1beta3/instances");
        Assert.Equal(HttpStatusCode.OK, beta.StatusCode);
        Assert.Equal("Wed, 31 Mar 2027 00:00:00 UTC", Assert.Single(beta.Headers.GetValues("X-Tyk-Api-Expires")));
        using var v1 = await emu.GetAsync("v1/instances");
        Assert.False(v1.Headers.Contains("X-Tyk-Api-Expires"));
        Assert.Equal(await v1.Content.ReadAsStringAsync(), await beta.Content.ReadAsStringAsync());
    }
}
