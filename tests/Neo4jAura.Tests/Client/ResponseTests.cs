using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

public class ResponseTests
{
    [Fact]
    public async Task Html_from_a_proxy_is_an_invalid_response_naming_status_method_path_and_content_type()
    {
        using var h = new Harness();
        h.Fake.Enqueue((_, _) => Task.FromResult(FakeAura.Text(200,
            "<html><head><title>Login</title><script>var x=1;</script></head><body><h1>Corporate proxy</h1> Authorization: Bearer abc.def.ghi please sign in" + new string('x', 1000) + "</body></html>", "text/html")));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync(null, CancellationToken.None));
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, ex.Category);
        Assert.Contains("200 OK", ex.Message);
        Assert.Contains("GET /instances", ex.Message);
        Assert.Contains("text/html", ex.Message);
        Assert.Contains("Corporate proxy", ex.Message);
        Assert.DoesNotContain("<h1>", ex.Message);
        Assert.DoesNotContain("abc.def.ghi", ex.Message);
        Assert.DoesNotContain(new string('x', 250), ex.Message);
        Assert.NotNull(ex.RecommendedAction);
    }

    [Theory]
    [InlineData("", "empty body")]
    [InlineData("{\"data\": [", "malformed JSON")]
    [InlineData("{\"items\": []}", "without \"data\"")]
    [InlineData("{\"data\": null}", "without \"data\"")]
    [InlineData("not json at all", "not JSON")]
    public async Task Unusable_bodies_are_invalid_responses(string body, string expected)
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(200, body));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync(null, CancellationToken.None));
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("200 OK to GET /instances", ex.Message);
        Assert.Equal(1, h.Fake.ApiCount);
    }

    [Fact]
    public async Task A_body_larger_than_64_MiB_is_refused_while_streaming()
    {
        using var h = new Harness();
        h.Fake.Enqueue((_, _) =>
        {
            var content = new StreamContent(new EndlessStream());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync(null, CancellationToken.None));
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains("64 MiB", ex.Message);
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_is_refused_before_reading()
    {
        using var h = new Harness();
        h.Fake.Enqueue((_, _) =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
            content.Headers.ContentLength = 100L * 1024 * 1024;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync(null, CancellationToken.None));
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains("104857600 bytes", ex.Message);
    }

    private sealed class EndlessStream : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) { Array.Fill(buffer, (byte)' ', offset, count); return count; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Aura_error_bodies_fill_ApiErrors_and_the_message()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Error(400, "name", "must be at most 30 characters", "name too long"));
        var request = new CreateInstanceRequest { Name = "ok-name", Memory = "8GB", Region = "europe-west1", Type = "enterprise-db", TenantId = "t1", CloudProvider = "gcp" };
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.CreateAsync(request, CancellationToken.None));
        Assert.Equal("Aura API answered 400 Bad Request to POST /instances: name: must be at most 30 characters (name too long).", ex.Message);
        Assert.Equal("AuraBadRequest", ex.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, ex.Category);
        var error = Assert.Single(ex.ApiErrors);
        Assert.Equal("name", error.Field);
        Assert.Equal("name too long", error.Reason);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("POST", ex.Method);
        Assert.Equal("/instances", ex.Path);
        Assert.False(ex.OperationMayHaveHappened);
        var record = ex.ToErrorRecord("ok-name");
        Assert.Equal("AuraBadRequest", record.FullyQualifiedErrorId);
        Assert.Equal("ok-name", record.TargetObject);
    }

    [Theory]
    [InlineData(401, "/instances", "AuraUnauthorized", ErrorCategory.AuthenticationError)]
    [InlineData(404, "/instances/a1b2c3d4", "AuraInstanceNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(404, "/instances/a1b2c3d4/snapshots/s1", "AuraSnapshotNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(404, "/tenants/t1", "AuraTenantNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(404, "/somewhere", "AuraNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(409, "/instances/a1b2c3d4", "AuraConflict", ErrorCategory.ResourceBusy)]
    [InlineData(402, "/instances/a1b2c3d4/snapshots", "AuraPaymentRequired", ErrorCategory.QuotaExceeded)]
    [InlineData(405, "/instances", "AuraInstanceLimitReached", ErrorCategory.QuotaExceeded)]
    [InlineData(415, "/instances", "AuraUnsupportedMediaType", ErrorCategory.InvalidOperation)]
    [InlineData(420, "/instances/a1b2c3d4/overwrite", "AuraUnsupportedForTier", ErrorCategory.NotImplemented)]
    [InlineData(404, "/customer-managed-keys/k1", "AuraCustomerManagedKeyNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(404, "/graph-analytics/sessions/s-1", "AuraGraphAnalyticsSessionNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(422, "/instances", "AuraBadRequest", ErrorCategory.InvalidArgument)]
    public async Task Status_codes_map_to_error_ids_and_categories(int status, string path, string errorId, ErrorCategory category)
    {
        using var h = new Harness();
        h.Fake.DefaultApi = FakeAura.Error(status, "", "something is wrong", "reason-code");
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.SendRawAsync(HttpMethod.Get, path, null, CancellationToken.None));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(category, ex.Category);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("something is wrong (reason-code)", ex.Message);
        Assert.StartsWith($"Aura API answered {status} ", ex.Message);
    }

    [Theory]
    [InlineData("/instances/d4e5f6a7/overwrite", "snapshot-not-found", "AuraSnapshotNotFound")]
    [InlineData("/instances/a1b2c3d4/snapshots/s1", "db-not-found", "AuraInstanceNotFound")]
    [InlineData("/instances", "tenant-not-found", "AuraTenantNotFound")]
    [InlineData("/customer-managed-keys/k1", "encryption-key-not-found", "AuraCustomerManagedKeyNotFound")]
    public async Task A_404_names_what_the_API_says_was_not_found_not_what_the_path_names(string path, string reason, string errorId)
    {
        using var h = new Harness();
        h.Fake.DefaultApi = FakeAura.Error(404, "source_snapshot_id", "not found", reason);
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.SendRawAsync(HttpMethod.Post, path, "{}", CancellationToken.None));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, ex.Category);
    }

    [Fact]
    public async Task A_non_json_error_body_is_quoted_briefly()
    {
        using var h = new Harness(o => o.MaxRetries = 0);
        h.Fake.Enqueue((_, _) => Task.FromResult(FakeAura.Text(502, "<html><body>Bad gateway from nginx</body></html>", "text/html")));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Tenants.GetAsync("t1", CancellationToken.None));
        Assert.Equal("AuraServerError", ex.ErrorId);
        Assert.Contains("502 Bad Gateway to GET /tenants/t1 (text/html): Bad gateway from nginx", ex.Message);
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(4 * 1024 * 1024)]
    public async Task A_huge_structured_error_message_is_clipped_in_the_exception_message_and_kept_in_ApiErrors(int size)
    {
        using var h = new Harness(o => o.MaxRetries = 0);
        var huge = string.Concat(Enumerable.Repeat("a-", size / 2));
        h.Fake.Enqueue(FakeAura.Answer(400, "{\"errors\":[{\"message\":\"" + huge + "\",\"reason\":\"hostile\"}]}"));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None));
        Assert.Equal("AuraBadRequest", ex.ErrorId);
        Assert.StartsWith("Aura API answered 400 Bad Request to GET /instances/a1b2c3d4: a-a-a-", ex.Message);
        Assert.True(ex.Message.Length < AuraErrors.MaxDescribedChars + 200, $"message of {ex.Message.Length} characters");
        Assert.Contains($"… ({size + " (hostile)".Length - AuraErrors.MaxDescribedChars} more characters).", ex.Message);
        Assert.Equal(huge, ex.ApiErrors.Single().Message);
    }

    [Fact]
    public void Describe_keeps_short_errors_whole_and_never_splits_a_surrogate_pair()
    {
        var errors = new[] { new AuraApiError { Field = "name", Message = "must be at most 30 characters", Reason = "name-too-long" } };
        Assert.Equal("name: must be at most 30 characters (name-too-long)", AuraErrors.Describe(errors));
        var emoji = new string('x', AuraErrors.MaxDescribedChars - 1) + "\U0001F600" + new string('y', 10);
        var clipped = AuraErrors.Describe(new[] { new AuraApiError { Message = emoji } });
        Assert.StartsWith(new string('x', AuraErrors.MaxDescribedChars - 1) + "…", clipped);
    }

    [Fact]
    public async Task Get_instance_parses_unknown_status_and_keeps_unknown_fields()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(200, "{\"data\":" + FakeAura.InstanceJson("a1b2c3d4", "hibernating", ",\"graph_nodes\":42,\"vector_optimized\":true,\"zones\":3,\"tags\":[\"a\",1],\"cdc\":{\"mode\":\"full\"}") + ",\"meta\":1}"));
        var instance = await h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        Assert.Equal("hibernating", instance.Status);
        Assert.Equal(42L, instance.GraphNodes);
        Assert.True(instance.VectorOptimized);
        var extra = instance.AdditionalProperties().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(3L, extra["zones"]);
        Assert.Equal(new object?[] { "a", 1L }, (object?[])extra["tags"]!);
        Assert.Equal("full", ((System.Collections.Specialized.OrderedDictionary)extra["cdc"]!)["mode"]);
        Assert.Equal("/v1/instances/a1b2c3d4", h.Fake.ApiRequests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Lists_parse_tenant_summaries_flat_configurations_instance_summaries_and_one_day_of_snapshots()
    {
        using var h = new Harness();
        h.Fake.Enqueue(
            FakeAura.Answer(200, "{\"data\":[{\"id\":\"t1\",\"name\":\"Prod\"}]}"),
            FakeAura.Answer(200, "{\"data\":{\"id\":\"t1\",\"name\":\"Prod\",\"instance_configurations\":[" +
                "{\"region\":\"europe-west1\",\"region_name\":\"Belgium (europe-west1)\",\"type\":\"enterprise-db\",\"memory\":\"8GB\",\"storage\":\"16GB\",\"version\":\"5\",\"cloud_provider\":\"gcp\",\"zone\":\"b\"}," +
                "{\"region\":\"europe-west1\",\"region_name\":\"Belgium (europe-west1)\",\"type\":\"enterprise-db\",\"memory\":4,\"storage\":\"8GB\",\"version\":5,\"cloud_provider\":\"gcp\"}]}}"),
            FakeAura.Answer(200, "{\"data\":[{\"id\":\"a1\",\"name\":\"one\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\",\"created_at\":\"2023-01-20T13:44:42Z\"},{\"id\":\"b2\",\"name\":\"two\",\"tenant_id\":\"t1\",\"cloud_provider\":\"aws\",\"created_at\":\"2023-01-21T13:44:42Z\"}]}"),
            FakeAura.Answer(200, "{\"data\":[{\"snapshot_id\":\"s1\",\"instance_id\":\"a1\",\"profile\":\"Scheduled\",\"status\":\"Completed\",\"timestamp\":\"2026-01-01T10:00:00+02:00\",\"exportable\":true},{\"snapshot_id\":\"s2\",\"profile\":\"AdHoc\",\"status\":\"Queued\",\"timestamp\":\"2026-01-02T10:00:00Z\"}]}"));
        var summary = Assert.Single(await h.Client.Tenants.ListAsync(CancellationToken.None));
        Assert.Equal(("t1", "Prod"), (summary.Id, summary.Name));
        var tenant = await h.Client.Tenants.GetAsync("t1", CancellationToken.None);
        Assert.Equal(2, tenant.InstanceConfigurations.Count);
        var first = tenant.InstanceConfigurations[0];
        Assert.Equal(("gcp", "europe-west1", "Belgium (europe-west1)", "enterprise-db", "5"), (first.CloudProvider, first.Region, first.RegionName, first.Type, first.Version));
        Assert.Equal("8GB", first.Memory!.Text);
        Assert.Equal("16GB", first.Storage!.Text);
        Assert.Equal("b", first.AdditionalProperties().Single().Value);
        Assert.Equal("4", tenant.InstanceConfigurations[1].Memory!.Text);      // a number read as text (GB)
        Assert.Equal(4.0, tenant.InstanceConfigurations[1].Memory!.Gigabytes);
        Assert.Equal("5", tenant.InstanceConfigurations[1].Version);
        var offering = Assert.Single(tenant.Offerings());
        Assert.Equal(new[] { "4", "8GB" }, offering.Memory.Select(m => m.Text));  // smallest first

        var instances = await h.Client.Instances.ListAsync("t1", CancellationToken.None);
        Assert.Equal(new[] { "a1", "b2" }, instances.Select(i => i.Id));
        Assert.Equal(new DateTimeOffset(2023, 1, 20, 13, 44, 42, TimeSpan.Zero), instances[0].CreatedAt);
        Assert.Equal("/v1/instances?tenantId=t1", h.Fake.ApiRequests[2].PathAndQuery);

        var snapshots = await h.Client.Snapshots.ListAsync("a1", new DateTime(2026, 1, 1), CancellationToken.None);
        Assert.Equal("/v1/instances/a1/snapshots?date=2026-01-01", h.Fake.ApiRequests[3].PathAndQuery);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero), snapshots[0].Timestamp);
        Assert.True(snapshots[0].Exportable);
        Assert.Equal("Scheduled", snapshots[0].Profile);
        Assert.Equal("a1", snapshots[1].InstanceId); // filled from the path
        Assert.Equal("Queued", snapshots[1].Status);
    }

    [Fact]
    public async Task A_create_answer_whose_connection_url_holds_a_password_keeps_it_out_of_ConnectionUrl_and_the_one_time_password_in_Credential()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(202, "{\"data\":{\"id\":\"a1b2c3d4\",\"name\":\"new-db\",\"connection_url\":\"neo4j+s://neo4j:urlSecret123@a1b2c3d4.databases.neo4j.io\",\"username\":\"neo4j\",\"password\":8675309123}}"));
        var request = new CreateInstanceRequest { Name = "new-db", Memory = "8GB", Region = "europe-west1", Type = "enterprise-db", TenantId = "t1", CloudProvider = "gcp", Version = "5" };
        var instance = await h.Client.Instances.CreateAsync(request, CancellationToken.None);
        Assert.Equal("neo4j+s://neo4j:***@a1b2c3d4.databases.neo4j.io", instance.ConnectionUrl);
        Assert.Equal("8675309123", instance.Credential!.GetNetworkCredential().Password);
    }

    [Fact]
    public async Task Create_returns_the_one_time_password_only_as_a_credential()
    {
        const string password = "One-Time-P4ssw0rd-xyz";
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(202, "{\"data\":{\"id\":\"a1b2c3d4\",\"name\":\"new-db\",\"status\":\"creating\",\"tenant_id\":\"t1\",\"connection_url\":\"neo4j+s://a1b2c3d4.databases.neo4j.io\",\"username\":\"neo4j\",\"password\":\"" + password + "\",\"surprise\":\"kept\",\"Password\":\"" + password + "\"}}"));
        var sink = new ListSink();
        AuraTrace.Current = sink;
        var request = new CreateInstanceRequest { Name = "new-db", Memory = "8GB", Region = "europe-west1", Type = "enterprise-db", TenantId = "t1", CloudProvider = "gcp", Version = "5" };
        var instance = await h.Client.Instances.CreateAsync(request, CancellationToken.None);
        AuraTrace.Current = null;

        Assert.Equal("a1b2c3d4", instance.Id);
        Assert.Equal("creating", instance.Status);
        Assert.Equal("europe-west1", instance.Region);   // from the request
        Assert.Equal("8GB", instance.Memory!.Text);
        Assert.Equal("enterprise-db", instance.Type);
        Assert.Equal("gcp", instance.CloudProvider);
        Assert.Equal("neo4j+s://a1b2c3d4.databases.neo4j.io", instance.ConnectionUrl);
        Assert.NotNull(instance.Credential);
        Assert.Equal("neo4j", instance.Credential!.UserName);
        Assert.Equal(password, instance.Credential.GetNetworkCredential().Password);
        Assert.True(instance.Credential.Password.IsReadOnly());
        Assert.Equal("kept", instance.AdditionalProperties().Single().Value);
        Assert.DoesNotContain(password, instance.ToString());
        Assert.DoesNotContain(instance.AdditionalProperties(), p => p.Key.Equals("password", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(password, JsonSerializer.Serialize(instance, AuraJsonContext.Default.AuraInstance));

        var sent = h.Fake.ApiRequests.Single();
        Assert.Equal("POST", sent.Method);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("{\"name\":\"new-db\",\"version\":\"5\",\"region\":\"europe-west1\",\"memory\":\"8GB\",\"type\":\"enterprise-db\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\"}", sent.Body);
        Assert.Contains(sink.DebugLines, l => l.Contains("\"password\":\"***\""));
        Assert.DoesNotContain(sink.All, l => l.Contains(password));
    }

    [Fact]
    public async Task A_clone_posts_to_instances_with_its_sources_and_returns_a_credential()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(202, "{\"data\":{\"id\":\"c3d4e5f6\",\"name\":\"copy\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\",\"region\":\"r\",\"type\":\"enterprise-db\",\"created_at\":\"2026-01-01T12:00:00Z\",\"connection_url\":\"neo4j+s://c3d4e5f6.databases.neo4j.io\",\"username\":\"neo4j\",\"password\":\"pw\"}}"));
        var request = new CreateInstanceRequest { Name = "copy", Memory = "8GB", Region = "r", CloudProvider = "gcp", Type = "enterprise-db", TenantId = "t1", SourceInstanceId = "a1b2c3d4", SourceSnapshotId = "snap-1" };
        var instance = await h.Client.Instances.CreateAsync(request, CancellationToken.None);
        Assert.Equal("creating", instance.Status); // the create answer has none: a new instance is creating
        Assert.Equal("pw", instance.Credential!.GetNetworkCredential().Password);
        var sent = h.Fake.ApiRequests.Single();
        Assert.Equal("/v1/instances", sent.PathAndQuery);
        Assert.Equal("{\"name\":\"copy\",\"version\":\"5\",\"region\":\"r\",\"memory\":\"8GB\",\"type\":\"enterprise-db\",\"tenant_id\":\"t1\",\"cloud_provider\":\"gcp\",\"source_instance_id\":\"a1b2c3d4\",\"source_snapshot_id\":\"snap-1\"}", sent.Body);
    }

    [Fact]
    public async Task An_in_place_restore_posts_an_empty_object_to_the_snapshot_and_returns_the_same_instance()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(202, "{\"data\":" + FakeAura.InstanceJson("a1b2c3d4", "restoring") + "}"));
        var instance = await h.Client.Snapshots.RestoreInPlaceAsync("a1b2c3d4", "snap-1", CancellationToken.None);
        Assert.Equal(("a1b2c3d4", "restoring"), (instance.Id, instance.Status));
        Assert.Null(instance.Credential);
        var sent = h.Fake.ApiRequests.Single();
        Assert.Equal(("POST", "/v1/instances/a1b2c3d4/snapshots/snap-1/restore", "application/json", "{}"), (sent.Method, sent.PathAndQuery, sent.ContentType, sent.Body));
    }

    [Fact]
    public async Task Overwrite_snapshot_and_delete_use_the_documented_paths()
    {
        using var h = new Harness();
        h.Fake.Enqueue(
            FakeAura.Answer(200, "{\"data\":" + FakeAura.InstanceJson("b2", "overwriting") + "}"),
            FakeAura.Answer(202, "{\"data\":{\"snapshot_id\":\"s9\"}}"),
            FakeAura.Answer(200, "{\"data\":{\"snapshot_id\":\"s9\",\"status\":\"InProgress\"}}"),
            FakeAura.Answer(202, ""));
        var over = await h.Client.Instances.OverwriteAsync("b2", new OverwriteInstanceRequest { SourceInstanceId = "a1", SourceSnapshotId = "s1" }, CancellationToken.None);
        Assert.Equal("overwriting", over.Status);
        var snap = await h.Client.Snapshots.CreateAsync("a1", CancellationToken.None);
        Assert.Equal("a1", snap.InstanceId);
        var got = await h.Client.Snapshots.GetAsync("a1", "s9", CancellationToken.None);
        Assert.Equal("InProgress", got.Status);
        await h.Client.Instances.DeleteAsync("a1", CancellationToken.None);
        var r = h.Fake.ApiRequests;
        Assert.Equal("/v1/instances/b2/overwrite", r[0].PathAndQuery);
        Assert.Equal("{\"source_instance_id\":\"a1\",\"source_snapshot_id\":\"s1\"}", r[0].Body);
        Assert.Equal("/v1/instances/a1/snapshots", r[1].PathAndQuery);
        Assert.Equal("/v1/instances/a1/snapshots/s9", r[2].PathAndQuery);
        Assert.Equal(("DELETE", "/v1/instances/a1"), (r[3].Method, r[3].PathAndQuery));
    }

    [Fact]
    public async Task The_list_reader_yields_every_element_of_data()
    {
        using var h = new Harness();
        var items = string.Join(",", Enumerable.Range(0, 1000).Select(i => FakeAura.InstanceJson(i.ToString("x8"))));
        h.Fake.Enqueue(FakeAura.Answer(200, "{\"meta\":{\"x\":[1,2]},\"data\":[" + items + "],\"after\":true}"));
        using var list = await h.Client.Instances.OpenListAsync(null, CancellationToken.None);
        var seen = list.Read(CancellationToken.None).Select(i => i.Id).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString("x8")), seen);
    }

    [Fact]
    public async Task Ten_thousand_instances_parse()
    {
        using var h = new Harness();
        var items = string.Join(",", Enumerable.Range(0, 10000).Select(i => FakeAura.InstanceJson(i.ToString("x8"))));
        h.Fake.Enqueue(FakeAura.Answer(200, "{\"data\":[" + items + "]}"));
        var list = await h.Client.Instances.ListAsync(null, CancellationToken.None);
        Assert.Equal(10000, list.Count);
        Assert.Equal("0000270f", list[^1].Id);
    }

    [Fact]
    public async Task Bad_ids_are_refused_before_anything_is_sent()
    {
        using var h = new Harness();
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.GetAsync("../tenants", CancellationToken.None));
        Assert.Equal("AuraInvalidArgument", ex.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains("-InstanceId", ex.Message);
        Assert.Contains("'../tenants'", ex.Message);
        await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Snapshots.GetAsync("a1", "s/1", CancellationToken.None));
        await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync("t1&x=1", CancellationToken.None));
        await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.UpdateAsync("a1", new UpdateInstanceRequest { Memory = "8 GB" }, CancellationToken.None));
        await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.CreateAsync(new CreateInstanceRequest { Name = new string('n', 31), Memory = "8GB", TenantId = "t1" }, CancellationToken.None));
        await Assert.ThrowsAsync<AuraApiException>(() => h.Client.SendRawAsync(HttpMethod.Get, "https://evil.example/x", null, CancellationToken.None));
        Assert.Equal(0, h.Fake.Count);
    }
}
