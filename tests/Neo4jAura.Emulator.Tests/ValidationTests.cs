using System.Net;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

public sealed class ValidationTests
{
    [Fact]
    public async Task CreateWithEmptyBodyNamesEveryRequiredField()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await TestEmulator.ErrorsAsync(response);
        Assert.Equal(
            new[] { "cloud_provider", "memory", "name", "region", "tenant_id", "type", "version" },
            errors.Select(e => e.Field).OrderBy(f => f, StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("required", e.Reason));
    }

    [Theory]
    [InlineData("name", "\"0123456789012345678901234567890\"", "too-long")]
    [InlineData("name", "\"\"", "required")]
    [InlineData("name", "42", "invalid-type")]
    [InlineData("type", "\"enterprise-xl\"", "invalid-value")]
    [InlineData("cloud_provider", "\"oracle\"", "invalid-value")]
    [InlineData("memory", "\"8G\"", "invalid-value")]
    [InlineData("memory", "\"eight\"", "invalid-value")]
    [InlineData("version", "\"latest\"", "unsupported-configuration")]
    [InlineData("name", "\" padded\"", "invalid-value")]
    [InlineData("storage", "\"32GB\"", "unsupported-configuration")]
    [InlineData("vector_optimized", "\"yes\"", "invalid-type")]
    public async Task CreateRejectsABadFieldAndNamesIt(string field, string json, string reason)
    {
        await using var emu = await TestEmulator.StartAsync();
        var body = JsonNode.Parse(Seed.CreateBody())!.AsObject();
        body[field] = JsonNode.Parse(json);
        using var response = await emu.PostAsync("v1/instances", body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(await TestEmulator.ErrorsAsync(response));
        Assert.Equal(field, error.Field);
        Assert.Equal(reason, error.Reason);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public async Task NameOfExactly30CharactersIsAccepted()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(name: new string('n', 30)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task UnknownTenantIsNamed()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(tenantId: "11111111-2222-3333-4444-555555555555"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tenant_id", Assert.Single(await TestEmulator.ErrorsAsync(response)).Field);
    }

    [Fact]
    public async Task RegionNotOfferedIsNamed()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(region: "mars-north-1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(await TestEmulator.ErrorsAsync(response));
        Assert.Equal("region", error.Field);
        Assert.Equal("unsupported-configuration", error.Reason);
    }

    [Fact]
    public async Task RegionMustBeOfferedByTheCloudProvider()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(region: "us-east-1", cloudProvider: "azure"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("region", Assert.Single(await TestEmulator.ErrorsAsync(response)).Field);
    }

    [Fact]
    public async Task StorageIsTakenFromTheConfigurationWhenNotGiven()
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = await emu.PostForIdAsync("v1/instances", Seed.CreateBody(memory: "16GB"));
        Assert.Equal("32GB", (string?)(await emu.DataAsync($"v1/instances/{id}"))["storage"]);
    }

    [Fact]
    public async Task TypeNotOfferedByTheTenantIsNamed()
    {
        var seed = Path.Combine(Path.GetTempPath(), "aura-emu-seed-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(seed, """
            {"tenants":[{"id":"t1","name":"Small","instance_configurations":[
              {"type":"professional-db","region":"eu-west-1","region_name":"Ireland","cloud_provider":"aws","memory":"2GB","storage":"4GB","version":"5"}]}]}
            """);
        try
        {
            await using var emu = await TestEmulator.StartAsync(o => o.SeedFile = seed);
            using var response = await emu.PostAsync("v1/instances", Seed.CreateBody(region: "eu-west-1", tenantId: "t1"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("type", Assert.Single(await TestEmulator.ErrorsAsync(response)).Field);
            using var ok = await emu.PostAsync("v1/instances", Seed.CreateBody(region: "eu-west-1", tenantId: "t1", type: "professional-db", memory: "2GB"));
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json")]
    public async Task MalformedJsonIs400(string body)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-json", Assert.Single(await TestEmulator.ErrorsAsync(response)).Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    public async Task BodyThatIsNotAnObjectIs400(string body)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/instances", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"0123456789012345678901234567890\"}", "name")]
    [InlineData("{\"memory\":\"16\"}", "memory")]
    [InlineData("{\"name\":7}", "name")]
    public async Task PatchNamesTheBadField(string body, string field)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.SendAsync(HttpMethod.Patch, $"v1/instances/{Seed.Running}", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, Assert.Single(await TestEmulator.ErrorsAsync(response)).Field);
    }

    [Fact]
    public async Task PatchWithNothingToChangeIs400()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.SendAsync(HttpMethod.Patch, $"v1/instances/{Seed.Running}", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OverwriteNeedsOnlyTheSourceInstance()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync($"v1/instances/{Seed.Running2}/overwrite", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("source_instance_id", Assert.Single(await TestEmulator.ErrorsAsync(response)).Field);
    }

    [Fact]
    public async Task UnknownIdsAre404WithTheirReasons()
    {
        await using var emu = await TestEmulator.StartAsync();
        foreach (var (path, reason) in new[]
                 {
                     ("v1/instances/ffffffff", "db-not-found"), ("v1/instances/ffffffff/snapshots", "db-not-found"),
                     ("v1/tenants/nope", "tenant-not-found"), ("v1/tenants/nope/metrics-integration", "tenant-not-found"),
                     ($"v1/instances/{Seed.Running}/snapshots/nope", "snapshot-not-found"),
                     ($"v1/instances/{Seed.Running}/snapshots/{Seed.Running2Snapshot}", "snapshot-not-found"),
                     ("v1/customer-managed-keys/nope", "encryption-key-not-found"), ("v1/graph-analytics/sessions/nope", ""),
                     ("v1/no-such-collection", "not-found"),
                 })
        {
            using var response = await emu.GetAsync(path);
            Assert.True(HttpStatusCode.NotFound == response.StatusCode, path);
            Assert.Equal(reason, (await TestEmulator.ErrorsAsync(response))[0].Reason);
        }

        using var pause = await emu.PostAsync("v1/instances/ffffffff/pause");
        Assert.Equal(HttpStatusCode.NotFound, pause.StatusCode);
        using var delete = await emu.DeleteAsync("v1/instances/ffffffff");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    /// <summary>The messages of Aura's error examples, word for word (including Aura's "current undergoing").</summary>
    [Fact]
    public async Task ErrorsWithAPublishedExampleUseItsMessage()
    {
        await using var emu = await TestEmulator.StartAsync();
        async Task<(string? Field, string? Reason, string Message)> Error(HttpResponseMessage response)
        {
            using (response)
            {
                return Assert.Single(await TestEmulator.ErrorsAsync(response));
            }
        }

        Assert.Equal("DB not found: ffffffff", (await Error(await emu.GetAsync("v1/instances/ffffffff"))).Message);
        Assert.Equal("The tenant you specified could not be found", (await Error(await emu.GetAsync("v1/tenants/nope"))).Message);
        Assert.Equal("The tenant you specified could not be found", (await Error(await emu.GetAsync("v1/tenants/nope/metrics-integration"))).Message);
        Assert.Equal("Snapshot not found: nope", (await Error(await emu.GetAsync($"v1/instances/{Seed.Running}/snapshots/nope"))).Message);
        Assert.Equal("Encryption Key not found: nope", (await Error(await emu.GetAsync("v1/customer-managed-keys/nope"))).Message);
        Assert.Equal("session with id `s-f5138f3b-7956-4` not found",
            (await Error(await emu.GetAsync("v1/graph-analytics/sessions/s-f5138f3b-7956-4"))).Message);
        Assert.Equal($"Can not delete encryption key {Seed.Key}. The key is linked to an active instance.",
            (await Error(await emu.DeleteAsync($"v1/customer-managed-keys/{Seed.Key}"))).Message);

        using (await emu.PostAsync($"v1/instances/{Seed.Paused}/resume"))
        {
        }

        var busy = await Error(await emu.PostAsync($"v1/instances/{Seed.Paused}/pause"));
        Assert.Equal("The database is current undergoing an operation: resuming", busy.Message);
        Assert.Equal("ongoing-database-operation", busy.Reason);

        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"missing_billing_details\": true}");
        var billing = await Error(await emu.PostAsync("v1/instances", Seed.CreateBody()));
        Assert.Equal("You must provide billing details in the Aura Console before creating an instance", billing.Message);
        Assert.Equal("missing-billing-details", billing.Reason);
    }
}
