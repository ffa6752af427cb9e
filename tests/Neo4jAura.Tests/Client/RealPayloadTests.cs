using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

/// <summary>
/// The client's operation groups fed the bodies real Aura v1 sends (reference/aura-api-v1.yaml's response schemas and
/// examples, SEED-VS-REAL.md's facts), one answer at a time: every field lands where it should, numbers and strings
/// are read either way, fields the schema marks required but Aura leaves out are tolerated, and both error shapes
/// become the module's exceptions with the API's message, reason and field.
/// </summary>
public class RealPayloadTests
{
    private const string Tenant = "5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f";
    private static readonly CancellationToken None = CancellationToken.None;

    private static AuraClient Client(ScriptedAura aura) => aura.Connect().Client;

    [Theory]
    // The spec's GET /instances/{id} examples: plain, with a key, with secondaries, with CDC, with vector and plugin.
    [InlineData("""{"metrics_integration_url":"https://customer-metrics-api.neo4j.io/m","vector_optimized":false}""", "MetricsIntegrationUrl", "https://customer-metrics-api.neo4j.io/m")]
    [InlineData("""{"customer_managed_key_id":"8c764aed-8eb3-4a1c-92f6-e4ef0c7a6ed9"}""", "CustomerManagedKeyId", "8c764aed-8eb3-4a1c-92f6-e4ef0c7a6ed9")]
    [InlineData("""{"secondaries_count":0}""", "SecondariesCount", 0)]
    [InlineData("""{"secondaries_count":"4"}""", "SecondariesCount", 4)]
    [InlineData("""{"cdc_enrichment_mode":"OFF"}""", "CdcEnrichmentMode", "OFF")]
    [InlineData("""{"vector_optimized":true,"graph_analytics_plugin":true}""", "GraphAnalyticsPlugin", true)]
    [InlineData("""{"graph_nodes":"15","graph_relationships":"7"}""", "GraphNodes", 15L)]
    [InlineData("""{"graph_nodes":15}""", "GraphNodes", 15L)]
    public async Task Each_spec_variant_of_an_instance_fills_its_property(string extraJson, string property, object expected)
    {
        var extra = extraJson.Trim('{', '}');
        var aura = new ScriptedAura().On("GET", "/v1/instances/2f49c2b3", ScriptedAura.Answer(200,
            $$$"""{"data":{"id":"2f49c2b3","name":"Production","status":"running","tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","connection_url":"neo4j+s://2f49c2b3.databases.neo4j.io","region":"europe-west1","type":"enterprise-db","memory":"8GB","storage":"16GB","created_at":"2023-01-20T13:44:42Z",{{{extra}}}}}"""));
        var instance = await Client(aura).Instances.GetAsync("2f49c2b3", None);
        Assert.Equal(expected, typeof(AuraInstance).GetProperty(property)!.GetValue(instance));
        Assert.Equal("Production", instance.Name);
        Assert.Equal(16d, instance.StorageGB);
        Assert.Empty(instance.AdditionalProperties());
    }

    [Fact]
    public async Task Memory_and_storage_sent_as_numbers_are_gigabytes_and_compare_as_sizes()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200,
            """{"data":{"id":"a1b2c3d4","name":"n","status":"running","memory":8,"storage":16.0,"type":"enterprise-db"}}"""));
        var instance = await Client(aura).Instances.GetAsync("a1b2c3d4", None);
        Assert.Equal(8d, instance.MemoryGB);
        Assert.Equal(16d, instance.StorageGB);
        Assert.True(instance.Memory!.Equals("8GB"));
        Assert.True(instance.Memory.CompareTo(instance.Storage) < 0);
    }

    [Fact]
    public async Task The_create_answer_has_no_status_and_its_password_becomes_a_credential_only()
    {
        var aura = new ScriptedAura().On("POST", "/v1/instances", ScriptedAura.Answer(202, $$$"""
            {"data":{"id":"db1d1234","connection_url":"neo4j+s://db1d1234.databases.neo4j.io","username":"neo4j","password":"letMeIn-123456",
            "tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","region":"europe-west1","type":"enterprise-db","name":"Instance02",
            "created_at":"2023-01-20T13:44:42Z","admin_password_hint":"first pet","build":"2025.01"}}
            """));
        var created = await Client(aura).Instances.CreateAsync(new CreateInstanceRequest
        {
            Name = "Instance02", TenantId = Tenant, Region = "europe-west1", CloudProvider = "gcp", Type = "enterprise-db", Memory = "4GB", Storage = "8GB", Version = "4",
            SourceInstanceId = "db1d1234", SourceSnapshotId = "3e5e6e27-bf0a-4898-abb8-5f3050cac418",
        }, None);
        Assert.Equal("creating", created.Status);
        Assert.Equal("db1d1234", created.Id);
        Assert.Equal("4GB", created.Memory!.Text);         // not in the answer: what was asked
        Assert.Equal("neo4j", created.Credential!.UserName);
        Assert.Equal("letMeIn-123456", created.Credential.GetNetworkCredential().Password);
        var extra = created.AdditionalProperties().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("2025.01", extra["build"]);
        Assert.False(extra.ContainsKey("admin_password_hint"));
        Assert.False(extra.ContainsKey("password"));
        Assert.Equal("""{"name":"Instance02","version":"4","region":"europe-west1","memory":"4GB","storage":"8GB","type":"enterprise-db","tenant_id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","cloud_provider":"gcp","source_instance_id":"db1d1234","source_snapshot_id":"3e5e6e27-bf0a-4898-abb8-5f3050cac418"}""",
            Assert.Single(aura.Changes).Body);
    }

    [Fact]
    public async Task A_resize_answered_202_with_an_empty_object_is_read_back_and_a_rename_answered_200_is_not()
    {
        var aura = new ScriptedAura()
            .On("PATCH", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(202, "{}"),
                ScriptedAura.Answer(200, """{"data":{"id":"a1b2c3d4","name":"renamed","status":"updating"}}"""))
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, """{"data":{"id":"a1b2c3d4","name":"prod","status":"updating","memory":"8GB"}}"""));
        var client = Client(aura);
        var resized = await client.Instances.UpdateAsync("a1b2c3d4", new UpdateInstanceRequest { Memory = "16GB" }, None);
        Assert.Equal("prod", resized.Name);
        var renamed = await client.Instances.UpdateAsync("a1b2c3d4", new UpdateInstanceRequest { Name = "renamed" }, None);
        Assert.Equal("renamed", renamed.Name);
        Assert.Equal(new[] { "PATCH", "GET", "PATCH" }, aura.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Tenant_configurations_are_flat_with_the_version_read_as_a_number_or_a_string()
    {
        var aura = new ScriptedAura().On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, $$$"""
            {"data":{"id":"{{{Tenant}}}","name":"Production","billing":{"plan":"enterprise"},"instance_configurations":[
              {"region":"europe-west1","region_name":"Belgium (europe-west1)","type":"enterprise-db","memory":"4GB","storage":"8GB","version":5,"cloud_provider":"gcp"},
              {"region":"us-east-1","region_name":"US East (N. Virginia)","type":"professional-ds","memory":"8GB","storage":"16GB","version":"4","cloud_provider":"aws","max_secondaries":2}]}}
            """));
        var tenant = await Client(aura).Tenants.GetAsync(Tenant, None);
        Assert.Equal(2, tenant.InstanceConfigurations.Count);
        Assert.Equal("5", tenant.InstanceConfigurations[0].Version);
        Assert.Equal("4", tenant.InstanceConfigurations[1].Version);
        Assert.Equal("Belgium (europe-west1)", tenant.InstanceConfigurations[0].RegionName);
        Assert.Equal(16d, tenant.InstanceConfigurations[1].Storage!.Gigabytes);
        Assert.Contains(tenant.AdditionalProperties(), p => p.Key == "billing");
    }

    [Fact]
    public async Task Snapshots_read_the_list_and_single_shapes_with_or_without_exportable_and_profile()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/a1b2c3d4/snapshots?date=2023-01-20", ScriptedAura.Answer(200, """
                {"data":[{"instance_id":"a1b2c3d4","profile":"AdHoc","snapshot_id":"3e5e6e27-bf0a-4898-abb8-5f3050cac418","status":"Completed","timestamp":"2023-01-20T18:07:25Z","exportable":true},
                         {"instance_id":"a1b2c3d4","snapshot_id":"4f6f7f38-0000-4000-8000-000000000000","status":"Pending","timestamp":"2023-01-20T19:00:00Z"}]}
                """))
            .On("GET", "/v1/instances/a1b2c3d4/snapshots/4f6f7f38-0000-4000-8000-000000000000", ScriptedAura.Answer(200,
                """{"data":{"instance_id":"a1b2c3d4","profile":"Scheduled","snapshot_id":"4f6f7f38-0000-4000-8000-000000000000","status":"Cancelled","timestamp":"2023-01-20T19:00:00Z","exportable":false}}"""));
        var client = Client(aura);
        var list = await client.Snapshots.ListAsync("a1b2c3d4", new DateTime(2023, 1, 20), None);
        Assert.Equal(2, list.Count);
        Assert.True(list[0].Exportable);
        Assert.Null(list[1].Exportable);
        Assert.Null(list[1].Profile);
        Assert.Equal(new DateTimeOffset(2023, 1, 20, 18, 7, 25, TimeSpan.Zero), list[0].Timestamp);
        var single = await client.Snapshots.GetAsync("a1b2c3d4", "4f6f7f38-0000-4000-8000-000000000000", None);
        Assert.Equal("Cancelled", single.Status);
        Assert.False(single.Exportable);
    }

    [Fact]
    public async Task A_new_snapshot_answers_only_its_id()
    {
        var aura = new ScriptedAura().On("POST", "/v1/instances/a1b2c3d4/snapshots", ScriptedAura.Answer(202, """{"data":{"snapshot_id":"3e5e6e27-bf0a-4898-abb8-5f3050cac418"}}"""));
        var snapshot = await Client(aura).Snapshots.CreateAsync("a1b2c3d4", None);
        Assert.Equal("3e5e6e27-bf0a-4898-abb8-5f3050cac418", snapshot.SnapshotId);
        Assert.Equal("a1b2c3d4", snapshot.InstanceId);
        Assert.Equal("{}", Assert.Single(aura.Changes).Body);
    }

    [Fact]
    public async Task A_key_delete_answered_204_without_a_body_succeeds()
    {
        var aura = new ScriptedAura().On("DELETE", "/v1/customer-managed-keys/8c764aed-8eb3-4a1c-92f6-e4ef0c7a6ed9", _ => ScriptedAura.Empty(204));
        await Client(aura).Keys.DeleteAsync("8c764aed-8eb3-4a1c-92f6-e4ef0c7a6ed9", None);
        Assert.Single(aura.Changes);
    }

    [Theory]
    [InlineData("20m0s", 1200)]
    [InlineData("8m", 480)]
    [InlineData("1h0m0s", 3600)]
    [InlineData("1h30m", 5400)]
    public async Task Session_ttl_is_read_in_the_API_duration_forms(string ttl, int seconds)
    {
        var aura = new ScriptedAura().On("GET", "/v1/graph-analytics/sessions/s-04de43fe-67ab-4", ScriptedAura.Answer(200,
            $$$"""{"data":{"id":"s-04de43fe-67ab-4","name":"p","memory":"8GB","status":"Ready","host":"h","tenant_id":"t","user_id":"u","ttl":"{{{ttl}}}"},"errors":null}"""));
        var session = await Client(aura).Sessions.GetAsync("s-04de43fe-67ab-4", None);
        Assert.Equal(TimeSpan.FromSeconds(seconds), session.Ttl);
    }

    [Fact]
    public async Task Session_create_tells_200_existing_from_202_created()
    {
        const string body = """{"data":{"id":"559c94c7-15de43fg","name":"people-and-fruit-with-db","memory":"4GB","status":null,"host":"h","tenant_id":"t","user_id":"u"}}""";
        var aura = new ScriptedAura().On("POST", "/v1/graph-analytics/sessions", ScriptedAura.Answer(202, body), ScriptedAura.Answer(200, body));
        var client = Client(aura);
        var request = new CreateSessionRequest { Name = "people-and-fruit-with-db", Memory = "4GB", InstanceId = "559c94c7" };
        var (first, created) = await client.Sessions.GetOrCreateAsync(request, None);
        var (second, createdAgain) = await client.Sessions.GetOrCreateAsync(request, None);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Null(first.Status);
    }

    [Fact]
    public async Task The_application_error_shape_gives_message_reason_and_field()
    {
        var aura = new ScriptedAura().On("POST", "/v1/instances", ScriptedAura.Answer(400,
            """{"errors":[{"message":"must be at most 30 characters","reason":"too-long","field":"name"},{"message":"unknown region","reason":"invalid-value","field":"region"}]}"""));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => Client(aura).Instances.CreateAsync(new CreateInstanceRequest
        {
            Name = "n", TenantId = Tenant, Region = "r", CloudProvider = "gcp", Type = "enterprise-db", Memory = "8GB",
        }, None));
        Assert.Equal("AuraBadRequest", ex.ErrorId);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(2, ex.ApiErrors.Count);
        Assert.Equal(("name", "too-long", "must be at most 30 characters"), (ex.ApiErrors[0].Field, ex.ApiErrors[0].Reason, ex.ApiErrors[0].Message));
        Assert.Equal("too-long", ex.Reason);
        Assert.Contains("name: must be at most 30 characters (too-long); region: unknown region (invalid-value)", ex.Message);
        Assert.Equal(ScriptedAura.RequestId(1), ex.RequestId);
    }

    [Theory]
    [InlineData(429, "API rate limit exceeded", "AuraRateLimited")]
    [InlineData(502, "Bad Gateway", "AuraServerError")]
    [InlineData(420, "Action unsupported for this tier of instance.", "AuraUnsupportedForTier")]
    public async Task The_gateway_error_shape_is_read_as_one_message(int status, string error, string errorId)
    {
        var aura = new ScriptedAura().On("POST", "/v1/instances/a1b2c3d4/overwrite",
            _ => ScriptedAura.Json(status, "{\"error\": \"" + error + "\"}", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero)));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => Client(aura).Instances.OverwriteAsync("a1b2c3d4",
            new OverwriteInstanceRequest { SourceInstanceId = "b2c3d4e5" }, None));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(error, Assert.Single(ex.ApiErrors).Message);
        Assert.Contains(error, ex.Message);
        Assert.Equal(status == 429 ? 3 : 1, aura.Changes.Count); // a POST is tried again on 429 only
    }

    [Fact]
    public async Task A_308_without_a_Location_is_reported_not_followed()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4", _ => ScriptedAura.Empty(308));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => Client(aura).Instances.GetAsync("a1b2c3d4", None));
        Assert.Equal("AuraRedirectRefused", ex.ErrorId);
        Assert.Contains("named no new location", ex.Message);
        Assert.Single(aura.Requests);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_in_the_past_is_no_wait_at_all()
    {
        var aura = new ScriptedAura().On("GET", "/v1/tenants",
            _ => ScriptedAura.Json(429, """{"error":"API rate limit exceeded"}""", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-1))),
            ScriptedAura.Answer(200, """{"data":[{"id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","name":"Production"}]}"""));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var tenants = await Client(aura).Tenants.ListAsync(None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal("Production", Assert.Single(tenants).Name);
        Assert.Equal(2, aura.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_five_minutes_is_not_waited_for_and_is_on_the_error()
    {
        var aura = new ScriptedAura().On("GET", "/v1/tenants",
            _ => ScriptedAura.Json(429, """{"error":"API rate limit exceeded"}""", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddHours(1))));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => Client(aura).Tenants.ListAsync(None));
        Assert.Equal("AuraRateLimited", ex.ErrorId);
        Assert.True(ex.RetryAfter > TimeSpan.FromMinutes(55), $"RetryAfter {ex.RetryAfter}");
        Assert.Single(aura.Requests);
    }
}
