using System.Net;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>Customer-managed keys and Graph Analytics sessions on the fake clock (3 s transitions).</summary>
public sealed class KeyAndSessionTests
{
    [Fact]
    public async Task KeyIsPendingThenReadyAndListedAsASummary()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var create = await emu.PostAsync("v1/customer-managed-keys", Seed.KeyBody("orders-key"));
        Assert.Equal(HttpStatusCode.Accepted, create.StatusCode);
        var key = (await TestEmulator.JsonAsync(create))["data"]!;
        Assert.Equal("pending", (string?)key["status"]);
        Assert.Equal("enterprise-db", (string?)key["instance_type"]);
        Assert.Equal(
            new[] { "id", "name", "created", "cloud_provider", "key_id", "region", "type", "tenant_id", "status", "instance_type" },
            key.AsObject().Select(p => p.Key));
        Assert.Equal("enterprise-db", (string?)key["type"]);
        var id = (string)key["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        emu.Advance(3);
        var ready = await emu.DataAsync($"v1/customer-managed-keys/{id}");
        Assert.Equal("ready", (string?)ready["status"]);
        Assert.Equal("enterprise-db", (string?)ready["type"]);
        var list = (await emu.DataAsync($"v1/customer-managed-keys?tenantId={Seed.Tenant}")).AsArray();
        Assert.Equal(new[] { Seed.Key, id }, list.Select(k => (string)k!["id"]!));
        Assert.All(list, k => Assert.Equal(new[] { "id", "name", "tenant_id" }, k!.AsObject().Select(p => p.Key)));
        Assert.Empty((await emu.DataAsync($"v1/customer-managed-keys?tenantId={Seed.OtherTenant}")).AsArray());
    }

    [Fact]
    public async Task KeyInUseCannotBeDeletedUntilItsInstanceIsGone()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var active = await emu.DeleteAsync($"v1/customer-managed-keys/{Seed.Key}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, active.StatusCode);
            var error = Assert.Single(await TestEmulator.ErrorsAsync(active));
            Assert.Equal("encryption-key-is-active", error.Reason);
            Assert.Contains(Seed.Key, error.Message);
            Assert.Contains("linked to an active instance", error.Message);
        }

        using (await emu.DeleteAsync($"v1/instances/{Seed.Running}"))
        {
        }

        emu.Advance(3);
        using var deleted = await emu.DeleteAsync($"v1/customer-managed-keys/{Seed.Key}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("", await deleted.Content.ReadAsStringAsync());
        using var gone = await emu.GetAsync($"v1/customer-managed-keys/{Seed.Key}");
        Assert.Equal("encryption-key-not-found", Assert.Single(await TestEmulator.ErrorsAsync(gone)).Reason);
    }

    [Theory]
    [InlineData("name", "\"\"")]
    [InlineData("name", "\"0123456789012345678901234567890\"")]
    [InlineData("instance_type", "\"business-critical\"")]
    [InlineData("key_id", "\"projects/p/locations/l/keyRings/r/cryptoKeys/k\"")]
    [InlineData("tenant_id", "\"nobody\"")]
    public async Task KeyFieldsAreChecked(string field, string json)
    {
        await using var emu = await TestEmulator.StartAsync();
        var body = JsonNode.Parse(Seed.KeyBody())!.AsObject();
        body[field] = JsonNode.Parse(json);
        using var response = await emu.PostAsync("v1/customer-managed-keys", body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await TestEmulator.ErrorsAsync(response))[0].Field);
    }

    [Fact]
    public async Task SessionIsCreatingThenReadyThenExpiredAfterItsTtl()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var create = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody(ttl: "30m"));
        Assert.Equal(HttpStatusCode.Accepted, create.StatusCode);
        var session = (await TestEmulator.JsonAsync(create))["data"]!.AsObject();
        var id = (string)session["id"]!;
        Assert.Matches("^s-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]$", id);
        Assert.Equal($"{id}-gds.sessions.neo4j.io", (string?)session["host"]);

        // Aura's 202: status present and null, no expiry_date and no ttl; a standalone session has null instance_id and database_uuid.
        Assert.True(session.ContainsKey("status"));
        Assert.Null(session["status"]);
        Assert.False(session.ContainsKey("expiry_date"));
        Assert.False(session.ContainsKey("ttl"));
        Assert.True(session.ContainsKey("instance_id"));
        Assert.Null(session["instance_id"]);
        Assert.True(session.ContainsKey("database_uuid"));
        Assert.Null(session["database_uuid"]);
        Assert.Equal("2025-06-02T09:30:00Z", (string?)session["created_at"]);
        Assert.True(Guid.TryParse((string?)session["user_id"], out _));

        // GET: Creating, with expiry_date and ttl present and null until the session is ready.
        var creating = (await emu.DataAsync($"v1/graph-analytics/sessions/{id}")).AsObject();
        Assert.Equal("Creating", (string?)creating["status"]);
        Assert.True(creating.ContainsKey("expiry_date"));
        Assert.Null(creating["expiry_date"]);
        Assert.True(creating.ContainsKey("ttl"));
        Assert.Null(creating["ttl"]);
        emu.Advance(3);
        var ready = await emu.DataAsync($"v1/graph-analytics/sessions/{id}");
        Assert.Equal("Ready", (string?)ready["status"]);
        Assert.Equal("30m0s", (string?)ready["ttl"]);
        Assert.Equal("2025-06-02T10:00:00Z", (string?)ready["expiry_date"]);
        emu.Advance(30 * 60);
        Assert.Equal("Expired", (string?)(await emu.DataAsync($"v1/graph-analytics/sessions/{id}"))["status"]);

        // An expired session does not hold its name: the same request creates a new one.
        using var again = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody(ttl: "30m"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.NotEqual(id, (string?)(await TestEmulator.JsonAsync(again))["data"]!["id"]);
    }

    [Fact]
    public async Task GetOrCreateReturnsTheSameSessionOrRefusesOtherParameters()
    {
        await using var emu = await TestEmulator.StartAsync();
        var id = await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody());
        using (var same = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody()))
        {
            // The 200 answer is the session as GET shows it: still Creating, so no expiry_date and ttl yet (null).
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
            var data = (await TestEmulator.JsonAsync(same))["data"]!.AsObject();
            Assert.Equal(id, (string?)data["id"]);
            Assert.Equal("Creating", (string?)data["status"]);
            Assert.True(data.ContainsKey("ttl"));
            Assert.Null(data["ttl"]);
        }

        emu.Advance(3);
        using (var ready = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody()))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var data = (await TestEmulator.JsonAsync(ready))["data"]!;
            Assert.Equal("Ready", (string?)data["status"]);
            Assert.Equal("1h0m0s", (string?)data["ttl"]);
            Assert.Equal("2025-06-02T10:30:00Z", (string?)data["expiry_date"]);
        }

        using var other = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody(memory: "4GB"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var error = Assert.Single(await TestEmulator.ErrorsAsync(other));
        Assert.Equal("", error.Reason);
        Assert.Equal($"session `people` already exists for project `{Seed.Tenant}` with different parameters: Memory (is: 8GB, requested: 4GB)", error.Message);
    }

    [Fact]
    public async Task AttachedSessionsTakeTheInstancesProjectAndRegionAndFilterByInstance()
    {
        await using var emu = await TestEmulator.StartAsync();
        string attached;
        using (var created = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody("orders", instanceId: Seed.Running2)))
        {
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            var data = (await TestEmulator.JsonAsync(created))["data"]!.AsObject();
            attached = (string)data["id"]!;
            Assert.Equal(Seed.Running2, (string?)data["instance_id"]);
            Assert.Equal(State.EmulatorStore.DatabaseUuidFor(Seed.Running2), (string?)data["database_uuid"]);
            Assert.Null(data["status"]);
            Assert.Equal(
                new[] { "id", "name", "memory", "instance_id", "database_uuid", "status", "created_at", "host", "user_id", "tenant_id", "cloud_provider", "region" },
                data.Select(p => p.Key));
        }

        await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody("standalone"));
        Assert.Matches($"^{Seed.Running2}-[a-z0-9]{{8}}$", attached);
        var list = (await emu.DataAsync($"v1/graph-analytics/sessions?instanceId={Seed.Running2}")).AsArray();
        var session = Assert.Single(list)!;
        Assert.Equal(attached, (string?)session["id"]);
        Assert.Equal($"{attached}.sessions.neo4j.io", (string?)session["host"]);
        Assert.Equal("aws", (string?)session["cloud_provider"]);
        Assert.Equal("us-east-1", (string?)session["region"]);
        Assert.Equal(Seed.Tenant, (string?)session["tenant_id"]);
        Assert.Equal(2, (await emu.DataAsync($"v1/graph-analytics/sessions?organizationId={State.SeedData.OrganizationId}")).AsArray().Count);
        Assert.Empty((await emu.DataAsync("v1/graph-analytics/sessions?organizationId=other-org")).AsArray());
        using (var paused = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody("x", instanceId: Seed.Paused)))
        {
            Assert.Equal("instance_id", Assert.Single(await TestEmulator.ErrorsAsync(paused)).Field);
        }

        using var delete = await emu.DeleteAsync($"v1/graph-analytics/sessions/{attached}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal(attached, (string?)(await TestEmulator.JsonAsync(delete))["data"]!["id"]);
        using var gone = await emu.GetAsync($"v1/graph-analytics/sessions/{attached}");
        Assert.Equal($"session with id `{attached}` not found", Assert.Single(await TestEmulator.ErrorsAsync(gone)).Message);

        // The emulator's assumption (README): a deleted session is gone at once, for a second DELETE and the list too.
        using var again = await emu.DeleteAsync($"v1/graph-analytics/sessions/{attached}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("", Assert.Single(await TestEmulator.ErrorsAsync(again)).Reason);
        Assert.DoesNotContain((await emu.DataAsync("v1/graph-analytics/sessions")).AsArray(), s => (string?)s!["id"] == attached);
    }

    [Fact]
    public async Task SessionIdsAndHostsFollowTheSessionsKind()
    {
        await using var emu = await TestEmulator.StartAsync();
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var attached = await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody($"attached-{i}", instanceId: Seed.Running));
            Assert.Matches($"^{Seed.Running}-[a-z0-9]{{8}}$", attached);
            Assert.True(ids.Add(attached));
            var standalone = await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody($"standalone-{i}"));
            Assert.Matches("^s-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]$", standalone);
            Assert.True(ids.Add(standalone));
        }

        var list = (await emu.DataAsync("v1/graph-analytics/sessions")).AsArray();
        Assert.Equal(40, list.Count);
        Assert.All(list, s => Assert.Equal(
            ((string)s!["id"]!).StartsWith("s-", StringComparison.Ordinal) ? $"{s["id"]}-gds.sessions.neo4j.io" : $"{s["id"]}.sessions.neo4j.io",
            (string?)s["host"]));
    }

    [Fact]
    public async Task AttachedSessionsCarryTheInstancesStableDatabaseUuidUnlessTheRequestNamesOne()
    {
        await using var emu = await TestEmulator.StartAsync();
        var expected = State.EmulatorStore.DatabaseUuidFor(Seed.Running);
        Assert.True(Guid.TryParse(expected, out _));
        Assert.Equal(expected, State.EmulatorStore.DatabaseUuidFor(Seed.Running));
        Assert.NotEqual(expected, State.EmulatorStore.DatabaseUuidFor(Seed.Running2));

        var first = await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody("one", instanceId: Seed.Running));
        var second = await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody("two", instanceId: Seed.Running));
        Assert.Equal(expected, (string?)(await emu.DataAsync($"v1/graph-analytics/sessions/{first}"))["database_uuid"]);
        Assert.Equal(expected, (string?)(await emu.DataAsync($"v1/graph-analytics/sessions/{second}"))["database_uuid"]);

        // The same request again, with or without the default UUID spelled out, is the same session (200), not a conflict.
        using (var again = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody("one", instanceId: Seed.Running)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var explicitDefault = JsonNode.Parse(Seed.SessionBody("one", instanceId: Seed.Running))!.AsObject();
        explicitDefault["database_uuid"] = expected;
        using (var same = await emu.PostAsync("v1/graph-analytics/sessions", explicitDefault.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        }

        // A named database is kept; asking for another one under the same name is a conflict.
        const string named = "ea408a62-c991-490c-96db-2b947003eece";
        var withUuid = JsonNode.Parse(Seed.SessionBody("three", instanceId: Seed.Running))!.AsObject();
        withUuid["database_uuid"] = named;
        var third = await emu.PostForIdAsync("v1/graph-analytics/sessions", withUuid.ToJsonString());
        Assert.Equal(named, (string?)(await emu.DataAsync($"v1/graph-analytics/sessions/{third}"))["database_uuid"]);
        using var conflict = await emu.PostAsync("v1/graph-analytics/sessions", Seed.SessionBody("three", instanceId: Seed.Running));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains($"DatabaseUuid (is: {named}, requested: {expected})", Assert.Single(await TestEmulator.ErrorsAsync(conflict)).Message);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"memory\":\"8GB\"}", "tenant_id")]
    [InlineData("{\"name\":\"x\",\"memory\":\"3GB\",\"instance_id\":\"a1b2c3d4\"}", "memory")]
    [InlineData("{\"name\":\"x\",\"memory\":\"8GB\",\"instance_id\":\"a1b2c3d4\",\"ttl\":\"10s\"}", "ttl")]
    [InlineData("{\"name\":\"x\",\"memory\":\"8GB\",\"instance_id\":\"a1b2c3d4\",\"database_uuid\":\"nope\"}", "database_uuid")]
    [InlineData("{\"name\":\"x\",\"memory\":\"8GB\",\"instance_id\":\"a1b2c3d4\",\"region\":\"europe-west1\"}", "instance_id")]
    public async Task SessionBodiesAreChecked(string body, string field)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.PostAsync("v1/graph-analytics/sessions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await TestEmulator.ErrorsAsync(response), e => e.Field == field);
    }

    [Fact]
    public async Task SizingIsDeterministicAndGrowsWithTheGraph()
    {
        await using var emu = await TestEmulator.StartAsync();
        async Task<JsonNode> Size(string body)
        {
            using var response = await emu.PostAsync("v1/instances/sizing", body);
            return (await TestEmulator.JsonAsync(response))["data"]!;
        }

        var small = await Size("{\"node_count\":1000000,\"relationship_count\":5000000,\"instance_type\":\"professional-ds\",\"algorithm_categories\":[\"pathfinding\",\"community-detection\"]}");
        Assert.Equal("7GB", (string?)small["min_required_memory"]);
        Assert.Equal("8GB", (string?)small["recommended_size"]);
        Assert.False((bool)small["did_exceed_maximum"]!);
        var huge = await Size("{\"node_count\":1000000000,\"relationship_count\":5000000000,\"instance_type\":\"professional-ds\"}");
        Assert.True((bool)huge["did_exceed_maximum"]!);
        Assert.Equal("64GB", (string?)huge["recommended_size"]);

        using var session = await emu.PostAsync("v1/graph-analytics/sessions/sizing", "{\"node_count\":1000000,\"relationship_count\":5000000}");
        var data = (await TestEmulator.JsonAsync(session))["data"]!;
        Assert.Equal("2GB", (string?)data["estimated_memory"]);
        Assert.Equal("2GB", (string?)data["recommended_size"]);
    }
}
