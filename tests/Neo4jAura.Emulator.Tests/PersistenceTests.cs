using System.Net;
using System.Text.Json.Nodes;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "aura-emu-tests-" + Guid.NewGuid().ToString("N"));

    public PersistenceTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task StateFileIsWrittenAfterEveryChangeAndReloaded()
    {
        var path = Path.Combine(dir, "state.json");
        string id;
        await using (var emu = await TestEmulator.StartAsync(o => o.StateFile = path))
        {
            Assert.True(File.Exists(path));
            using var created = await emu.PostAsync("v1/instances", Seed.CreateBody(name: "kept"));
            id = (string)(await TestEmulator.JsonAsync(created))["data"]!["id"]!;
            var saved = JsonNode.Parse(File.ReadAllText(path))!;
            var instance = saved["instances"]!.AsArray().Single(i => (string?)i!["id"] == id)!;
            Assert.Equal("creating", (string?)instance["status"]);
            Assert.Equal("running", (string?)instance["next_status"]);
            Assert.DoesNotContain("password", File.ReadAllText(path));

            using (await emu.PostAsync($"v1/instances/{Seed.Running}/pause"))
            {
            }

            await emu.ControlAsync(HttpMethod.Post, "clock", "{\"advance_seconds\": 1}");
        }

        Assert.Equal(new[] { "state.json" }, Directory.GetFiles(dir).Select(Path.GetFileName));

        // A new emulator on the same clock picks up where the old one stopped, pending transitions included.
        await using (var again = await TestEmulator.StartAsync(o => o.StateFile = path))
        {
            Assert.Equal(TimeSpan.FromSeconds(1), again.Store.ClockOffset);
            Assert.Equal("creating", await again.StatusAsync(id));
            Assert.Equal("pausing", await again.StatusAsync(Seed.Running));
            again.Advance(2);
            Assert.Equal("running", await again.StatusAsync(id));
            Assert.Equal("paused", await again.StatusAsync(Seed.Running));
            Assert.Equal("kept", again.Store.GetInstance(id).Name);
        }
    }

    [Fact]
    public async Task CorruptStateFileGivesAClearErrorAndIsLeftAlone()
    {
        var path = Path.Combine(dir, "state.json");
        File.WriteAllText(path, "{\"tenants\": [ {\"id\": ");
        var error = await Assert.ThrowsAsync<EmulatorConfigurationException>(() => TestEmulator.StartAsync(o => o.StateFile = path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Equal("{\"tenants\": [ {\"id\": ", File.ReadAllText(path));
    }

    [Fact]
    public void SaveReplacesTheFileWholeAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(dir, "state.json");
        File.WriteAllText(path, new string('x', 100_000));
        var doc = SeedData.Create(TestEmulator.Start);
        StateFile.Save(path, doc);
        var loaded = StateFile.Load(path, "state", TestEmulator.Start);
        Assert.Equal(doc.Instances.Select(i => i.Id), loaded.Instances.Select(i => i.Id));
        Assert.Equal(doc.Snapshots.Count, loaded.Snapshots.Count);
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public async Task SeedFileIsServedWithDefaultsAndResetReturnsToIt()
    {
        var seed = Path.Combine(dir, "seed.json");
        File.WriteAllText(seed, """
            {
              "tenants": [ { "id": "t-1", "name": "Only tenant", "instance_configurations": [
                { "type": "enterprise-db", "region": "us-east-1", "region_name": "US East", "cloud_provider": "aws", "memory": "4GB",
                  "storage": "8GB", "version": "5" } ] } ],
              "instances": [ { "id": "0badcafe", "name": "prod-seeded", "tenant_id": "t-1", "cloud_provider": "aws",
                               "region": "us-east-1", "type": "enterprise-db", "memory": "4GB" } ],
              "snapshots": [ { "snapshot_id": "s-1", "instance_id": "0badcafe", "timestamp": "2025-05-01T02:00:00Z" } ]
            }
            """);
        await using var emu = await TestEmulator.StartAsync(o => o.SeedFile = seed);
        using var get = await emu.GetAsync("v1/instances/0badcafe");
        var data = (await TestEmulator.JsonAsync(get))["data"]!;
        Assert.Equal("running", (string?)data["status"]);
        Assert.Equal("OFF", (string?)data["cdc_enrichment_mode"]);
        Assert.Equal("8GB", (string?)data["storage"]);
        Assert.Equal("neo4j+s://0badcafe.databases.neo4j.io", (string?)data["connection_url"]);
        Assert.Equal("Completed", await emu.SnapshotStatusAsync("0badcafe", "s-1"));

        using (await emu.SendAsync(HttpMethod.Delete, "v1/instances/0badcafe"))
        {
        }

        emu.Advance(3);
        using (var gone = await emu.GetAsync("v1/instances/0badcafe"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        await emu.ControlAsync(HttpMethod.Post, "reset");
        Assert.Equal("running", await emu.StatusAsync("0badcafe"));
        Assert.Single(emu.Store.ListTenants());
    }

    [Fact]
    public async Task SeedSessionsGetTheInstancesDatabaseUuidAndStandaloneOnesNone()
    {
        var seed = Path.Combine(dir, "seed.json");
        File.WriteAllText(seed, """
            {
              "tenants": [ { "id": "t-1", "name": "Only tenant", "instance_configurations": [
                { "type": "enterprise-db", "region": "us-east-1", "region_name": "US East", "cloud_provider": "aws", "memory": "4GB",
                  "storage": "8GB", "version": "5" } ] } ],
              "instances": [ { "id": "0badcafe", "name": "prod-seeded", "tenant_id": "t-1", "cloud_provider": "aws",
                               "region": "us-east-1", "type": "enterprise-db", "memory": "4GB" } ],
              "sessions": [
                { "id": "0badcafe-a1b2c3d4", "name": "attached", "tenant_id": "t-1", "instance_id": "0badcafe", "ttl_seconds": 3600,
                  "cloud_provider": "aws", "region": "us-east-1" },
                { "id": "s-11111111-2222-3", "name": "standalone", "tenant_id": "t-1", "instance_id": "", "database_uuid": "",
                  "ttl_seconds": 3600, "cloud_provider": "aws", "region": "us-east-1" } ]
            }
            """);
        await using var emu = await TestEmulator.StartAsync(o => o.SeedFile = seed);
        var attached = await emu.DataAsync("v1/graph-analytics/sessions/0badcafe-a1b2c3d4");
        Assert.Equal(EmulatorStore.DatabaseUuidFor("0badcafe"), (string?)attached["database_uuid"]);
        var standalone = await emu.DataAsync("v1/graph-analytics/sessions/s-11111111-2222-3");
        Assert.Null(emu.Store.GetSession("s-11111111-2222-3").InstanceId);
        Assert.Null(emu.Store.GetSession("s-11111111-2222-3").DatabaseUuid);
        Assert.NotNull(standalone);
    }

    [Fact]
    public async Task MetricsIntegrationOfATenantWithoutMetricsCapablePlansIsStillItsEndpoint()
    {
        var seed = Path.Combine(dir, "seed.json");
        File.WriteAllText(seed, """
            {
              "tenants": [ { "id": "free-only", "name": "Free tier", "instance_configurations": [
                { "type": "free-db", "region": "europe-west1", "region_name": "Belgium", "cloud_provider": "gcp", "memory": "1GB",
                  "storage": "2GB", "version": "5" } ] } ]
            }
            """);
        await using var emu = await TestEmulator.StartAsync(o => o.SeedFile = seed);
        var data = await emu.DataAsync("v1/tenants/free-only/metrics-integration");
        Assert.Equal("https://customer-metrics-api.neo4j.io/api/v1/free-only/metrics", (string?)data["endpoint"]);
        using var unknown = await emu.GetAsync("v1/tenants/nope/metrics-integration");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("""{"tenants":[],"instances":[{"id":"x","tenant_id":"nope"}]}""", "tenant 'nope'")]
    [InlineData("""{"tenants":[{"id":"t"}],"instances":[{"id":"x","tenant_id":"t"},{"id":"x","tenant_id":"t"}]}""", "appears twice")]
    [InlineData("""[1,2]""", "not valid JSON")]
    [InlineData("""{"tenants":[{"id":"t","instance_configurations":[{"type":"free-db","regions":[]}]}]}""", "lacks region")]
    [InlineData("""{"tenants":[{"id":"t"}],"instances":[{"id":"x","tenant_id":"t","type":"enterprise-xl","cloud_provider":"gcp","memory":"1GB"}]}""", "type 'enterprise-xl'")]
    public async Task InvalidSeedFileIsRefusedClearly(string json, string expected)
    {
        var seed = Path.Combine(dir, "seed.json");
        File.WriteAllText(seed, json);
        var error = await Assert.ThrowsAsync<EmulatorConfigurationException>(() => TestEmulator.StartAsync(o => o.SeedFile = seed));
        Assert.Contains(expected, error.Message);
        Assert.Contains(seed, error.Message);
    }

    [Fact]
    public async Task StateFileThatIsADirectoryIsRefusedClearly()
    {
        var error = await Assert.ThrowsAsync<EmulatorConfigurationException>(() => TestEmulator.StartAsync(o => o.StateFile = dir));
        Assert.Contains("is a directory", error.Message);
    }

    [Fact]
    public async Task MissingSeedFileIsRefused()
    {
        var error = await Assert.ThrowsAsync<EmulatorConfigurationException>(() =>
            TestEmulator.StartAsync(o => o.SeedFile = Path.Combine(dir, "absent.json")));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task StateFileWinsOverTheSeedAtStartAndResetSavesTheSeed()
    {
        var path = Path.Combine(dir, "state.json");
        await using (var first = await TestEmulator.StartAsync(o => o.StateFile = path))
        {
            using (await first.SendAsync(HttpMethod.Delete, $"v1/instances/{Seed.Running}"))
            {
            }

            first.Advance(3);
            Assert.Null(first.Store.FindInstance(Seed.Running));
        }

        await using var second = await TestEmulator.StartAsync(o => o.StateFile = path);
        Assert.Null(second.Store.FindInstance(Seed.Running));
        await second.ControlAsync(HttpMethod.Post, "reset");
        Assert.NotNull(second.Store.FindInstance(Seed.Running));
        Assert.Contains(Seed.Running, File.ReadAllText(path));
    }
}
