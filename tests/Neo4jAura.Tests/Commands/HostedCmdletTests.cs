using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net.Http.Headers;
using System.Text.Json;
using Neo4jAura.Tests.Client;
using Neo4jAura.Tests.Reliability;
using Xunit;

namespace Neo4jAura.Tests.Commands;

/// <summary>
/// The cmdlets as a user runs them (a hosted runspace with the module), over a scripted Aura that answers with the
/// bodies, status codes and headers real Aura sends (reference/aura-api-v1.yaml's examples and schemas, and the facts
/// in SEED-VS-REAL.md): what each cmdlet outputs, the errors it writes (ErrorId, category, TargetObject, the API's
/// message and the request id), and what it sends (method, path, body; nothing twice).
/// </summary>
public class HostedCmdletTests
{
    private const string Tenant = "5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f";
    private const string Key = "8c764aed-8eb3-4a1c-92f6-e4ef0c7a6ed9";

    // ------------------------------------------------------------------ helpers

    private static HostedPowerShell.Collection Run(HostedPowerShell host, ScriptedAura aura, string script, IDictionary<string, object?>? more = null)
    {
        var variables = new Dictionary<string, object?> { ["c"] = aura.Connect() };
        if (more is not null) foreach (var pair in more) variables[pair.Key] = pair.Value;
        return host.Run(script, variables);
    }

    private static string ErrorId(ErrorRecord e) => e.FullyQualifiedErrorId.Split(',')[0];

    private static object? P(PSObject o, string name) => o.Properties[name]?.Value;

    private static void NoErrors(HostedPowerShell host)
        => Assert.True(host.Errors.Count == 0, "expected no error, got: " + string.Join(" | ", host.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));

    private static ErrorRecord SingleError(HostedPowerShell host)
    {
        Assert.True(host.Errors.Count == 1, "expected one error, got: " + string.Join(" | ", host.Errors.Select(e => e.ToString())));
        return host.Errors[0];
    }

    /// <summary>An instance as GET /instances/{id} sends it (the spec's example shape), with extra JSON members appended.</summary>
    private static string Instance(string id, string name, string status = "running", string type = "enterprise-db", string memory = "\"8GB\"",
        string? storage = "\"16GB\"", string extra = "")
        => $$$"""
           {"data":{"id":"{{{id}}}","name":"{{{name}}}","status":"{{{status}}}","tenant_id":"{{{Tenant}}}","cloud_provider":"gcp",
           "connection_url":"neo4j+s://{{{id}}}.databases.neo4j.io","region":"europe-west1","type":"{{{type}}}","memory":{{{memory}}}
           {{{(storage is null ? "" : ",\"storage\":" + storage)}}},"created_at":"2023-01-20T13:44:42Z"{{{extra}}}}}
           """;

    /// <summary>GET /tenants/{id}: the flat list, version as a number (the spec says string).</summary>
    private static string TenantBody()
        => $$$"""
           {"data":{"id":"{{{Tenant}}}","name":"Acme Production","instance_configurations":[
             {"region":"europe-west1","region_name":"Belgium (europe-west1)","type":"enterprise-db","memory":"8GB","storage":"16GB","version":5,"cloud_provider":"gcp"},
             {"region":"europe-west1","region_name":"Belgium (europe-west1)","type":"enterprise-db","memory":"16GB","storage":"32GB","version":"5","cloud_provider":"gcp"},
             {"region":"europe-west1","region_name":"Belgium (europe-west1)","type":"professional-db","memory":"4GB","storage":"8GB","version":"5","cloud_provider":"gcp"}]}}
           """;

    private static string ApiError(string message, string reason, string? field = null)
        => JsonSerializer.Serialize(new { errors = new[] { field is null ? (object)new { message, reason } : new { message, reason, field } } });

    private static string Gateway(string error) => JsonSerializer.Serialize(new { error });

    private static void AssertRequestIdInMessage(ErrorRecord e, int n)
        => Assert.Contains($"(Request id {ScriptedAura.RequestId(n)}: quote it to Aura support.)", e.Exception.Message);

    // ------------------------------------------------------------------ instances: what real Aura sends

    [Fact]
    public void Get_AuraInstance_reads_a_free_instance_numbers_for_strings_no_storage_and_a_status_outside_the_enum()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances/e5f6a7b8", ScriptedAura.Answer(200,
            Instance("e5f6a7b8", "dev-sandbox", status: "resizing", type: "free-db", memory: "1", storage: null,
                extra: ",\"graph_nodes\":\"1234\",\"graph_relationships\":5678")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Get-AuraInstance -InstanceId e5f6a7b8 -Connection $c");
        Assert.Null(result.Terminating);
        NoErrors(host);
        var i = Assert.Single(result.Output);
        Assert.Equal("Neo4jAura.AuraInstance", i.TypeNames[0]);
        Assert.Equal("resizing", P(i, "Status"));
        Assert.Equal("free-db", P(i, "Type"));
        Assert.Equal(1d, P(i, "MemoryGB"));
        Assert.Null(P(i, "Storage"));
        Assert.Null(P(i, "StorageGB"));
        Assert.Equal(1234L, P(i, "GraphNodes"));
        Assert.Equal(5678L, P(i, "GraphRelationships"));
        Assert.Equal(new DateTimeOffset(2023, 1, 20, 13, 44, 42, TimeSpan.Zero), P(i, "CreatedAt"));
        Assert.Single(aura.Requests);
    }

    [Fact]
    public void Get_AuraInstance_keeps_unknown_fields_at_top_level_and_nested_and_a_missing_type_breaks_nothing()
    {
        const string extra = ",\"secondaries_count\":\"2\",\"cdc_enrichment_mode\":\"FULL\",\"vector_optimized\":\"true\",\"billing_tier\":\"premium\"," +
                             "\"graph_analytics\":{\"mode\":\"plugin\",\"limits\":{\"max_sessions\":3,\"regions\":[\"europe-west1\",\"us-central1\"]}}";
        var body = Instance("a1b2c3d4", "prod-orders", status: "upgrading", extra: extra).Replace("\"type\":\"enterprise-db\",", "");
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, body));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "$i = Get-AuraInstance -InstanceId a1b2c3d4 -Connection $c; $i; $i.GraphAnalytics.limits.max_sessions; $i.GraphAnalytics.limits.regions[1]; ($i.PSObject.Properties.Name -join ',')");
        NoErrors(host);
        var i = result.Output[0];
        Assert.Null(P(i, "Type"));
        Assert.Equal("upgrading", P(i, "Status"));
        Assert.Equal(2, P(i, "SecondariesCount"));
        Assert.Equal("FULL", P(i, "CdcEnrichmentMode"));
        Assert.Equal(true, P(i, "VectorOptimized"));
        Assert.Equal("premium", P(i, "BillingTier"));
        var ga = Assert.IsType<PSObject>(P(i, "GraphAnalytics"));
        Assert.Equal("plugin", P(ga, "mode"));
        Assert.Equal(3L, Convert.ToInt64(result.Output[1].BaseObject));
        Assert.Equal("us-central1", result.Output[2].BaseObject);
        var list = (string)result.Output[3].BaseObject;
        Assert.Contains("BillingTier", list);
        Assert.Contains("GraphAnalytics", list);
    }

    [Fact]
    public void Get_AuraInstance_Summary_reads_the_list_shape_and_keeps_its_unknown_fields()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances", ScriptedAura.Answer(200, $$$"""
            {"data":[{"id":"a1b2c3d4","name":"prod-orders","tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","created_at":"2023-01-20T13:44:42Z","project_id":"{{{Tenant}}}"},
                     {"id":"b2c3d4e5","name":"prod-catalog","tenant_id":"{{{Tenant}}}","cloud_provider":"aws","created_at":"2023-02-01T00:00:00Z"}]}
            """));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Get-AuraInstance -Summary -Connection $c");
        NoErrors(host);
        Assert.Equal(2, result.Output.Count);
        Assert.Equal("Neo4jAura.AuraInstanceSummary", result.Output[0].TypeNames[0]);
        Assert.Equal(Tenant, P(result.Output[0], "ProjectId"));
        Assert.Equal("aws", P(result.Output[1], "CloudProvider"));
        Assert.Single(aura.Requests);
    }

    [Fact]
    public void A_listed_id_that_cannot_go_into_a_path_is_the_APIs_fault_not_a_parameters_and_the_rest_of_the_list_comes_out()
    {
        // An independent mock of the spec answers schema-valid but random ids ("est sit ad"); the error must not say
        // "The -InstanceId value ... is not a valid Aura id" to a user who gave no -InstanceId, and nothing is sent for it.
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances", ScriptedAura.Answer(200, $$$"""
                {"data":[{"id":"est sit ad","name":"odd","tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","created_at":"2023-01-20T13:44:42Z"},
                         {"id":"../tenants","name":"sneaky","tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","created_at":"2023-01-20T13:44:42Z"},
                         {"id":"a1b2c3d4","name":"prod-orders","tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","created_at":"2023-01-20T13:44:42Z"}]}
                """))
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "prod-orders")))
            .On("GET", "/v1/tenants", ScriptedAura.Answer(200, """{"data":[{"id":"Duis quis ea","name":"odd"},{"id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","name":"Acme Production"}]}"""))
            .On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, TenantBody()));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Get-AuraInstance -Connection $c");
        Assert.Equal("a1b2c3d4", P(Assert.Single(result.Output), "Id"));
        Assert.Equal(2, host.Errors.Count);
        Assert.All(host.Errors, e =>
        {
            Assert.Equal("AuraInvalidResponse", ErrorId(e));
            Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category);
            Assert.StartsWith("The Aura API listed instance ", e.Exception.Message);
            Assert.DoesNotContain("-InstanceId", e.Exception.Message);
        });
        Assert.StartsWith("The Aura API listed instance odd under the id 'est sit ad',", host.Errors[0].Exception.Message);
        Assert.Contains("'../tenants'", host.Errors[1].Exception.Message);
        Assert.Equal(new[] { "GET /v1/instances", "GET /v1/instances/a1b2c3d4" }, aura.Requests.Select(r => r.ToString()));

        using var tenants = new HostedPowerShell();
        var listed = Run(tenants, aura, "Get-AuraTenant -Connection $c");
        Assert.Equal(Tenant, P(Assert.Single(listed.Output), "Id"));
        var error = SingleError(tenants);
        Assert.Equal("AuraInvalidResponse", ErrorId(error));
        Assert.DoesNotContain("-TenantId", error.Exception.Message);
    }

    [Fact]
    public void Copy_AuraInstance_says_the_sources_tenant_id_is_unusable_instead_of_blaming_TenantId_and_sends_nothing()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "prod-orders").Replace(Tenant, "sunt tempor")));
        using var host = new HostedPowerShell();
        Run(host, aura, "Copy-AuraInstance -InstanceId a1b2c3d4 -Name orders-copy -Confirm:$false -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraInvalidArgument", ErrorId(e));
        Assert.Equal("The source instance prod-orders (a1b2c3d4) reports its tenant as 'sunt tempor', which is not an id the module can send: give -TenantId.",
            e.Exception.Message);
        Assert.Equal(new[] { "GET /v1/instances/a1b2c3d4" }, aura.Requests.Select(r => r.ToString()));
    }

    // ------------------------------------------------------------------ Set-AuraInstance

    [Fact]
    public void Set_AuraInstance_resize_reads_the_instance_back_after_a_202_with_an_empty_object()
    {
        var aura = new ScriptedAura()
            .On("PATCH", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(202, "{}"))
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "prod-orders", status: "updating")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Set-AuraInstance -InstanceId a1b2c3d4 -Memory 16GB -Storage 32GB -Connection $c");
        NoErrors(host);
        var i = Assert.Single(result.Output);
        Assert.Equal("updating", P(i, "Status"));
        Assert.Equal("prod-orders", P(i, "Name"));
        Assert.Equal(new[] { "PATCH /v1/instances/a1b2c3d4", "GET /v1/instances/a1b2c3d4" }, aura.Requests.Select(r => r.ToString()));
        var patch = aura.Requests[0];
        Assert.Equal("application/json", patch.ContentType);
        Assert.Equal("""{"memory":"16GB","storage":"32GB"}""", patch.Body);
    }

    [Fact]
    public void Set_AuraInstance_rename_uses_the_200_answer_without_reading_back()
    {
        var aura = new ScriptedAura().On("PATCH", "/v1/instances/a1b2c3d4",
            ScriptedAura.Answer(200, Instance("a1b2c3d4", "orders-renamed", status: "updating")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Set-AuraInstance -InstanceId a1b2c3d4 -Name orders-renamed -Connection $c");
        NoErrors(host);
        Assert.Equal("orders-renamed", P(Assert.Single(result.Output), "Name"));
        var patch = Assert.Single(aura.Requests);
        Assert.Equal("""{"name":"orders-renamed"}""", patch.Body);
    }

    [Fact]
    public void Set_AuraInstance_sends_secondaries_and_CDC_mode_as_the_API_spells_them()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "prod-orders", extra: ",\"secondaries_count\":0,\"cdc_enrichment_mode\":\"OFF\"")))
            .On("PATCH", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(202, "{}"));
        using var host = new HostedPowerShell();
        Run(host, aura, "Set-AuraInstance -InstanceId a1b2c3d4 -SecondariesCount 2 -CdcEnrichmentMode Diff -Connection $c");
        NoErrors(host);
        var patch = Assert.Single(aura.Changes);
        Assert.Equal("""{"secondaries_count":2,"cdc_enrichment_mode":"DIFF"}""", patch.Body);
    }

    [Fact]
    public void Set_AuraInstance_upgrade_keeps_the_storage_the_upgrade_answer_leaves_out()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/d4e5f6a7", ScriptedAura.Answer(200, Instance("d4e5f6a7", "staging-orders", type: "professional-db", memory: "\"4GB\"", storage: "\"8GB\"")))
            .On("POST", "/v1/instances/d4e5f6a7/upgrade", ScriptedAura.Answer(200,
                Instance("d4e5f6a7", "staging-orders", type: "business-critical", memory: "\"4GB\"", storage: null)));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Set-AuraInstance -InstanceId d4e5f6a7 -Type business-critical -Force -Connection $c");
        NoErrors(host);
        var i = Assert.Single(result.Output);
        Assert.Equal("business-critical", P(i, "Type"));
        Assert.Equal("8GB", P(i, "Storage")?.ToString());
        var post = Assert.Single(aura.Changes);
        Assert.Equal("{}", post.Body);
        Assert.Equal("application/json", post.ContentType);
    }

    [Fact]
    public void Set_AuraInstance_upgrade_asks_once_more_at_High_impact_and_No_sends_nothing()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/d4e5f6a7", ScriptedAura.Answer(200, Instance("d4e5f6a7", "staging-orders", type: "professional-db", memory: "\"4GB\"", storage: "\"8GB\"")))
            .On("POST", "/v1/instances/d4e5f6a7/upgrade", ScriptedAura.Answer(200, Instance("d4e5f6a7", "staging-orders", type: "business-critical")));
        using var host = new HostedPowerShell();
        host.Host.Answers.Enqueue("No");
        var no = Run(host, aura, "$ConfirmPreference = 'High'; Set-AuraInstance -InstanceId d4e5f6a7 -Type business-critical -Connection $c");
        Assert.Null(no.Terminating);
        Assert.Empty(no.Output);
        var prompt = Assert.Single(host.Host.Prompts);
        Assert.Contains("cannot be undone", prompt);
        Assert.Contains("staging-orders", prompt);
        Assert.Empty(aura.Changes);

        host.Host.Answers.Enqueue("Yes");
        var yes = Run(host, aura, "$ConfirmPreference = 'High'; Set-AuraInstance -InstanceId d4e5f6a7 -Type business-critical -Connection $c");
        Assert.Equal(2, host.Host.Prompts.Count);
        Assert.Equal("business-critical", P(Assert.Single(yes.Output), "Type"));
        Assert.Single(aura.Changes);
    }

    [Fact]
    public void Set_AuraInstance_upgrade_with_Force_never_prompts_whatever_ConfirmPreference()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/d4e5f6a7", ScriptedAura.Answer(200, Instance("d4e5f6a7", "staging-orders", type: "professional-db", memory: "\"4GB\"", storage: "\"8GB\"")))
            .On("POST", "/v1/instances/d4e5f6a7/upgrade", ScriptedAura.Answer(200, Instance("d4e5f6a7", "staging-orders", type: "business-critical")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "$ConfirmPreference = 'Medium'; Set-AuraInstance -InstanceId d4e5f6a7 -Type business-critical -Force -Connection $c");
        Assert.Null(result.Terminating);
        NoErrors(host);
        Assert.Empty(host.Host.Prompts);
        Assert.Equal("business-critical", P(Assert.Single(result.Output), "Type"));
        Assert.Single(aura.Changes);
    }

    // ------------------------------------------------------------------ New-AuraInstance, Copy-AuraInstance, Remove-AuraInstance

    [Fact]
    public void New_AuraInstance_Wait_outputs_an_instance_whose_id_cannot_be_polled_with_its_password_and_an_error_and_polls_nothing()
    {
        const string password = "Zr4-one-time-PASSWORD-odd";
        var aura = new ScriptedAura()
            .On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, TenantBody()))
            .On("POST", "/v1/instances", ScriptedAura.Answer(202, $$$"""
                {"data":{"id":"sint occaecat","connection_url":"neo4j+s://x.databases.neo4j.io","username":"neo4j","password":"{{{password}}}",
                "tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","region":"europe-west1","type":"enterprise-db","name":"orders-odd",
                "created_at":"2023-01-20T13:44:42Z"}}
                """));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, $"$i = New-AuraInstance -Name orders-odd -TenantId {Tenant} -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Wait -Connection $c; $i.Credential.GetNetworkCredential().Password");
        Assert.Equal(password, Assert.Single(result.Output).BaseObject);
        var e = SingleError(host);
        Assert.Equal("AuraInvalidResponse", ErrorId(e));
        Assert.Equal("sint occaecat", e.TargetObject);
        Assert.StartsWith("Aura created instance orders-odd but answered with the id 'sint occaecat'", e.Exception.Message);
        Assert.DoesNotContain(password, e.Exception.Message);
        Assert.Equal(new[] { "GET /v1/tenants/" + Tenant, "POST /v1/instances" }, aura.Requests.Select(r => r.ToString()));
    }

    [Fact]
    public void New_AuraInstance_reads_the_create_answer_that_has_no_status_and_keeps_the_password_out_of_text()
    {
        const string password = "Xq7-one-time-PASSWORD-2f49";
        var aura = new ScriptedAura()
            .On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, TenantBody()))
            .On("POST", "/v1/instances", ScriptedAura.Answer(202, $$$"""
                {"data":{"id":"2f49c2b3","connection_url":"neo4j+s://2f49c2b3.databases.neo4j.io","username":"neo4j","password":"{{{password}}}",
                "tenant_id":"{{{Tenant}}}","cloud_provider":"gcp","region":"europe-west1","type":"enterprise-db","name":"orders-2",
                "created_at":"2023-01-20T13:44:42Z","vector_optimized":false,"graph_analytics_plugin":false}}
                """));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, $"$i = New-AuraInstance -Name orders-2 -TenantId {Tenant} -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Connection $c; $i; $i.Credential.GetNetworkCredential().Password");
        NoErrors(host);
        var i = result.Output[0];
        Assert.Equal("creating", P(i, "Status"));
        Assert.Equal("2f49c2b3", P(i, "Id"));
        Assert.Equal("8GB", P(i, "Memory")?.ToString());
        Assert.Equal("neo4j", ((PSCredential)P(i, "Credential")!).UserName);
        Assert.Equal(password, result.Output[1].BaseObject);
        Assert.DoesNotContain(host.Texts.Take(1).Concat(host.Host.Lines), t => t.Contains(password));
        Assert.DoesNotContain(i.Properties.Select(p => p.Name), n => n.Contains("assword", StringComparison.OrdinalIgnoreCase) || n == "Username");
        var post = Assert.Single(aura.Changes);
        using var sent = JsonDocument.Parse(post.Body);
        Assert.Equal("5", sent.RootElement.GetProperty("version").GetString());
        Assert.Equal("16GB", sent.RootElement.GetProperty("storage").GetString()); // the one storage offered with 8GB
        Assert.False(sent.RootElement.TryGetProperty("source_instance_id", out _));
    }

    [Theory]
    [InlineData(405, "Creating instances is not permitted at this time, probably due to hitting a maximum instances limit", "instance-limit-reached", "AuraInstanceLimitReached", ErrorCategory.QuotaExceeded)]
    [InlineData(400, "You must provide billing details in the Aura Console before creating an instance", "missing-billing-details", "AuraBillingDetailsMissing", ErrorCategory.InvalidArgument)]
    public void New_AuraInstance_reports_the_API_refusal_with_its_id_category_message_and_request_id(int status, string message, string reason, string errorId, ErrorCategory category)
    {
        var aura = new ScriptedAura()
            .On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, TenantBody()))
            .On("POST", "/v1/instances", ScriptedAura.Answer(status, ApiError(message, reason)));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, $"New-AuraInstance -Name orders-3 -TenantId {Tenant} -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Connection $c");
        Assert.Empty(result.Output);
        var e = SingleError(host);
        Assert.Equal(errorId, ErrorId(e));
        Assert.Equal(category, e.CategoryInfo.Category);
        Assert.Equal("orders-3", e.TargetObject);
        Assert.Contains(message, e.Exception.Message);
        Assert.Contains($"({reason})", e.Exception.Message);
        AssertRequestIdInMessage(e, 2);
        Assert.NotNull(e.ErrorDetails?.RecommendedAction);
        Assert.Single(aura.Changes); // never resent
    }

    [Fact]
    public void New_AuraInstance_415_in_the_gateway_shape_is_UnsupportedMediaType()
    {
        var aura = new ScriptedAura()
            .On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, TenantBody()))
            .On("POST", "/v1/instances", ScriptedAura.Answer(415, Gateway("Content-Type header must be application/json")));
        using var host = new HostedPowerShell();
        Run(host, aura, $"New-AuraInstance -Name orders-4 -TenantId {Tenant} -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraUnsupportedMediaType", ErrorId(e));
        Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Contains("415 Unsupported Media Type to POST /instances: Content-Type header must be application/json", e.Exception.Message);
        Assert.Single(aura.Changes);
    }

    [Fact]
    public void Copy_AuraInstance_409_ongoing_operation_is_ResourceBusy_targets_the_source_and_is_not_resent()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "prod-orders")))
            .On("GET", $"/v1/tenants/{Tenant}", ScriptedAura.Answer(200, TenantBody()))
            .On("POST", "/v1/instances", ScriptedAura.Answer(409, ApiError("The database is current undergoing an operation: resuming", "ongoing-database-operation")));
        using var host = new HostedPowerShell();
        Run(host, aura, "Copy-AuraInstance -InstanceId a1b2c3d4 -Name orders-copy -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraOperationInProgress", ErrorId(e));
        Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category);
        Assert.Equal("a1b2c3d4", e.TargetObject);
        Assert.Contains("undergoing an operation: resuming", e.Exception.Message);
        AssertRequestIdInMessage(e, 3);
        var post = Assert.Single(aura.Changes);
        using var sent = JsonDocument.Parse(post.Body);
        Assert.Equal("a1b2c3d4", sent.RootElement.GetProperty("source_instance_id").GetString());
        Assert.False(sent.RootElement.TryGetProperty("source_snapshot_id", out _)); // current data: Aura snapshots the source now
        Assert.Equal("8GB", sent.RootElement.GetProperty("memory").GetString());
        Assert.Equal("16GB", sent.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public void Remove_AuraInstance_reads_the_202_instance_destroying_for_PassThru()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/2f49c2b3", ScriptedAura.Answer(200, Instance("2f49c2b3", "Production")))
            .On("DELETE", "/v1/instances/2f49c2b3", ScriptedAura.Answer(202, Instance("2f49c2b3", "Production", status: "destroying", extra: ",\"vector_optimized\":false")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Remove-AuraInstance -InstanceId 2f49c2b3 -Force -PassThru -Connection $c");
        NoErrors(host);
        Assert.Equal("destroying", P(Assert.Single(result.Output), "Status"));
        Assert.Equal("DELETE /v1/instances/2f49c2b3", Assert.Single(aura.Changes).ToString());
    }

    [Fact]
    public void Restore_AuraSnapshot_overwrite_420_in_the_gateway_shape_is_NotImplemented()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/e5f6a7b8", ScriptedAura.Answer(200, Instance("e5f6a7b8", "dev-sandbox", type: "free-db", memory: "\"1GB\"", storage: null)))
            // The source is read too (a target smaller than it is refused before sending): a free one of the same size.
            .On("GET", "/v1/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "free-source", type: "free-db", memory: "\"1GB\"", storage: null)))
            .On("POST", "/v1/instances/e5f6a7b8/overwrite", ScriptedAura.Answer(420, Gateway("Action unsupported for this tier of instance.")));
        using var host = new HostedPowerShell();
        Run(host, aura, "Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId 3e5e6e27-bf0a-4898-abb8-5f3050cac418 -TargetInstanceId e5f6a7b8 -Force -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraUnsupportedForTier", ErrorId(e));
        Assert.Equal(ErrorCategory.NotImplemented, e.CategoryInfo.Category);
        Assert.Equal("e5f6a7b8", e.TargetObject);
        Assert.Contains("Action unsupported for this tier of instance.", e.Exception.Message);
        Assert.Single(aura.Changes);
    }

    // ------------------------------------------------------------------ snapshots

    [Fact]
    public void New_AuraSnapshot_reads_the_snapshot_id_only_answer_then_the_snapshot()
    {
        const string sid = "3e5e6e27-bf0a-4898-abb8-5f3050cac418";
        var aura = new ScriptedAura()
            .On("POST", "/v1/instances/a1b2c3d4/snapshots", ScriptedAura.Answer(202, $$$"""{"data":{"snapshot_id":"{{{sid}}}"}}"""))
            .On("GET", $"/v1/instances/a1b2c3d4/snapshots/{sid}", ScriptedAura.Answer(200,
                $$$"""{"data":{"instance_id":"a1b2c3d4","profile":"AdHoc","snapshot_id":"{{{sid}}}","status":"Pending","timestamp":"2023-01-20T18:07:25Z"}}"""));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "New-AuraSnapshot -InstanceId a1b2c3d4 -Connection $c");
        NoErrors(host);
        var s = Assert.Single(result.Output);
        Assert.Equal("Neo4jAura.AuraSnapshot", s.TypeNames[0]);
        Assert.Equal(sid, P(s, "SnapshotId"));
        Assert.Equal("Pending", P(s, "Status"));
        Assert.Null(P(s, "Exportable")); // not sent
        var post = Assert.Single(aura.Changes);
        Assert.Equal("{}", post.Body);
        Assert.Equal("application/json", post.ContentType);
    }

    [Fact]
    public void New_AuraSnapshot_402_without_a_body_is_PaymentRequired()
    {
        var aura = new ScriptedAura().On("POST", "/v1/instances/e5f6a7b8/snapshots", _ => ScriptedAura.Empty(402));
        using var host = new HostedPowerShell();
        Run(host, aura, "New-AuraSnapshot -InstanceId e5f6a7b8 -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraPaymentRequired", ErrorId(e));
        Assert.Equal(ErrorCategory.QuotaExceeded, e.CategoryInfo.Category);
        Assert.Equal("e5f6a7b8", e.TargetObject);
        Assert.Contains("402", e.Exception.Message);
        AssertRequestIdInMessage(e, 1);
        Assert.Single(aura.Changes);
    }

    [Fact]
    public void Get_AuraSnapshot_reads_exportable_present_absent_and_a_status_outside_the_list_enum()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4/snapshots", ScriptedAura.Answer(200, """
            {"data":[
              {"instance_id":"a1b2c3d4","profile":"Scheduled","snapshot_id":"11111111-0000-4000-8000-000000000001","status":"Completed","timestamp":"2023-01-20T13:44:42Z","exportable":true},
              {"instance_id":"a1b2c3d4","profile":"AdHoc","snapshot_id":"11111111-0000-4000-8000-000000000002","status":"Completed","timestamp":"2023-01-20T14:44:42Z"},
              {"instance_id":"a1b2c3d4","profile":"AdHoc","snapshot_id":"11111111-0000-4000-8000-000000000003","status":"Cancelled","timestamp":"2023-01-20T15:44:42Z","exportable":false,"size_bytes":"123"}]}
            """));
        using var host = new HostedPowerShell();
        var all = Run(host, aura, "Get-AuraSnapshot -InstanceId a1b2c3d4 -Connection $c");
        NoErrors(host);
        Assert.Equal(3, all.Output.Count);
        Assert.Equal("11111111-0000-4000-8000-000000000003", P(all.Output[0], "SnapshotId")); // newest first
        Assert.Equal("Cancelled", P(all.Output[0], "Status"));
        Assert.Equal("123", P(all.Output[0], "SizeBytes"));
        Assert.Null(P(all.Output[1], "Exportable"));
        Assert.Equal(true, P(all.Output[2], "Exportable"));
        var exportable = Run(host, aura, "Get-AuraSnapshot -InstanceId a1b2c3d4 -Exportable -Connection $c");
        Assert.Equal("11111111-0000-4000-8000-000000000001", P(Assert.Single(exportable.Output), "SnapshotId"));
    }

    [Fact]
    public void A_timestamp_like_snapshot_id_from_the_list_can_be_used()
    {
        const string sid = "2023-01-20T18:07:25Z-adhoc";
        // Sent as Aura's own clients send it: the colons as they are (allowed in a path segment).
        var escaped = sid;
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/a1b2c3d4/snapshots", ScriptedAura.Answer(200,
                $$$"""{"data":[{"instance_id":"a1b2c3d4","profile":"AdHoc","snapshot_id":"{{{sid}}}","status":"Completed","timestamp":"2023-01-20T18:07:25Z","exportable":true}]}"""))
            .On("GET", $"/v1/instances/a1b2c3d4/snapshots/{escaped}", ScriptedAura.Answer(200,
                $$$"""{"data":{"instance_id":"a1b2c3d4","profile":"AdHoc","snapshot_id":"{{{sid}}}","status":"Completed","timestamp":"2023-01-20T18:07:25Z","exportable":true}}"""));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Get-AuraSnapshot -InstanceId a1b2c3d4 -Connection $c | ForEach-Object { Get-AuraSnapshot -InstanceId $_.InstanceId -SnapshotId $_.SnapshotId -Connection $c }");
        NoErrors(host);
        Assert.Equal(sid, P(Assert.Single(result.Output), "SnapshotId"));
    }

    // ------------------------------------------------------------------ customer-managed keys

    private static string KeyBody(string status = "ready")
        => $$$"""
           {"data":{"id":"{{{Key}}}","name":"Instance01","created":"2024-01-31T14:06:57Z","cloud_provider":"aws",
           "key_id":"arn:aws:kms:us-east-1:123456789:key/11111-a222-1212-x789-1212f1212f","region":"us-east-1","type":"enterprise-db",
           "tenant_id":"{{{Tenant}}}","status":"{{{status}}}","instance_type":"enterprise-db"}}
           """;

    [Fact]
    public void Get_AuraCustomerManagedKey_reads_the_summary_list_then_each_key_keeping_the_undeclared_type()
    {
        var aura = new ScriptedAura()
            .On("GET", $"/v1/customer-managed-keys?tenantId={Tenant}", ScriptedAura.Answer(200, $$$"""{"data":[{"id":"{{{Key}}}","name":"Instance01","tenant_id":"{{{Tenant}}}"}]}"""))
            .On("GET", $"/v1/customer-managed-keys/{Key}", ScriptedAura.Answer(200, KeyBody()));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, $"Get-AuraCustomerManagedKey -TenantId {Tenant} -Connection $c");
        NoErrors(host);
        var k = Assert.Single(result.Output);
        Assert.Equal("Neo4jAura.AuraCustomerManagedKey", k.TypeNames[0]);
        Assert.Equal("ready", P(k, "Status"));
        Assert.Equal("enterprise-db", P(k, "InstanceType"));
        Assert.Equal("arn:aws:kms:us-east-1:123456789:key/11111-a222-1212-x789-1212f1212f", P(k, "KmsKeyId"));
        Assert.Equal(new DateTimeOffset(2024, 1, 31, 14, 6, 57, TimeSpan.Zero), P(k, "Created"));
        Assert.Equal("enterprise-db", P(k, "Type")); // in the examples, not in the schema: kept
        Assert.Equal(2, aura.Requests.Count);
    }

    [Fact]
    public void New_AuraCustomerManagedKey_sends_the_API_fields_and_reads_the_202_pending_key()
    {
        var aura = new ScriptedAura().On("POST", "/v1/customer-managed-keys", ScriptedAura.Answer(202, KeyBody("pending")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura,
            $"New-AuraCustomerManagedKey -Name Instance01 -KmsKeyId 'arn:aws:kms:us-east-1:123456789:key/11111-a222-1212-x789-1212f1212f' -TenantId {Tenant} -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -Connection $c");
        NoErrors(host);
        Assert.Equal("pending", P(Assert.Single(result.Output), "Status"));
        using var sent = JsonDocument.Parse(Assert.Single(aura.Changes).Body);
        var fields = sent.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["key_id"] = "arn:aws:kms:us-east-1:123456789:key/11111-a222-1212-x789-1212f1212f", ["region"] = "us-east-1", ["name"] = "Instance01",
            ["instance_type"] = "enterprise-db", ["tenant_id"] = Tenant, ["cloud_provider"] = "aws",
        }, fields);
    }

    [Fact]
    public void Remove_AuraCustomerManagedKey_takes_a_204_without_a_body_silently()
    {
        var aura = new ScriptedAura()
            .On("GET", $"/v1/customer-managed-keys/{Key}", ScriptedAura.Answer(200, KeyBody()))
            .On("DELETE", $"/v1/customer-managed-keys/{Key}", _ => ScriptedAura.Empty(204));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, $"Remove-AuraCustomerManagedKey -CustomerManagedKeyId {Key} -Force -Connection $c");
        Assert.Null(result.Terminating);
        NoErrors(host);
        Assert.Empty(result.Output);
        Assert.Equal($"DELETE /v1/customer-managed-keys/{Key}", Assert.Single(aura.Changes).ToString());
    }

    [Fact]
    public void Remove_AuraCustomerManagedKey_asks_at_High_impact_and_No_sends_no_DELETE()
    {
        var aura = new ScriptedAura().On("GET", $"/v1/customer-managed-keys/{Key}", ScriptedAura.Answer(200, KeyBody()));
        using var host = new HostedPowerShell();
        host.Host.Answers.Enqueue("No");
        var result = Run(host, aura, $"$ConfirmPreference = 'High'; Remove-AuraCustomerManagedKey -CustomerManagedKeyId {Key} -Connection $c");
        Assert.Null(result.Terminating);
        Assert.Contains("Instance01", Assert.Single(host.Host.Prompts));
        Assert.Empty(aura.Changes);
    }

    [Fact]
    public void Remove_AuraCustomerManagedKey_in_use_names_the_instances_that_use_it()
    {
        var aura = new ScriptedAura()
            .On("GET", $"/v1/customer-managed-keys/{Key}", ScriptedAura.Answer(200, KeyBody()))
            .On("DELETE", $"/v1/customer-managed-keys/{Key}", ScriptedAura.Answer(400,
                ApiError($"Can not delete encryption key {Key}. The key is linked to an active instance.", "encryption-key-is-active")))
            .On("GET", $"/v1/instances?tenantId={Tenant}", ScriptedAura.Answer(200, $$$"""
                {"data":[{"id":"2f49c2b3","name":"Production","tenant_id":"{{{Tenant}}}","cloud_provider":"aws","created_at":"2023-01-20T13:44:42Z"},
                         {"id":"3a4b5c6d","name":"Other","tenant_id":"{{{Tenant}}}","cloud_provider":"aws","created_at":"2023-01-20T13:44:42Z"}]}
                """))
            .On("GET", "/v1/instances/2f49c2b3", ScriptedAura.Answer(200, Instance("2f49c2b3", "Production", extra: $",\"customer_managed_key_id\":\"{Key}\"")))
            .On("GET", "/v1/instances/3a4b5c6d", ScriptedAura.Answer(200, Instance("3a4b5c6d", "Other")));
        using var host = new HostedPowerShell();
        Run(host, aura, $"Remove-AuraCustomerManagedKey -CustomerManagedKeyId {Key} -Force -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraCustomerManagedKeyInUse", ErrorId(e));
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Equal(Key, e.TargetObject);
        Assert.Contains("Production (2f49c2b3)", e.Exception.Message);
        Assert.DoesNotContain("Other", e.Exception.Message);
        Assert.Contains($"Request id {ScriptedAura.RequestId(2)}", e.Exception.Message); // the DELETE's answer
        Assert.Single(aura.Changes);
        Assert.DoesNotContain(aura.Requests, r => r.PathAndQuery.Contains("unscripted"));
    }

    // ------------------------------------------------------------------ graph analytics sessions

    private const string Session202 = """
        {"data":{"id":"559c94c7-15de43fg","name":"people-and-fruit-with-db","memory":"4GB","instance_id":"559c94c7",
        "database_uuid":"ea408a62-c991-490c-96db-2b947003eece","status":null,"created_at":"2025-04-04T09:32:35Z",
        "host":"559c94c7-15de43fg.production-orch-0042.neo4j.io","user_id":"7f1e2d3c-0000-4000-8000-000000000000",
        "tenant_id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","cloud_provider":"gcp","region":"europe-west1"},"errors":null}
        """;

    private const string Session200 = """
        {"data":{"id":"559c94c7-15de43fg","name":"people-and-fruit-with-db","memory":"4GB","instance_id":"559c94c7",
        "database_uuid":"ea408a62-c991-490c-96db-2b947003eece","status":"Ready","created_at":"2025-04-04T09:32:35Z",
        "host":"559c94c7-15de43fg.production-orch-0042.neo4j.io","expiry_date":"2025-04-11T09:32:35Z","ttl":"8m",
        "user_id":"7f1e2d3c-0000-4000-8000-000000000000","tenant_id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","cloud_provider":"gcp","region":"europe-west1"}}
        """;

    [Fact]
    public void New_AuraGraphAnalyticsSession_takes_a_202_with_a_null_status_then_a_200_for_the_existing_session()
    {
        var aura = new ScriptedAura().On("POST", "/v1/graph-analytics/sessions", ScriptedAura.Answer(202, Session202), ScriptedAura.Answer(200, Session200));
        using var host = new HostedPowerShell();
        const string script = "New-AuraGraphAnalyticsSession -Name people-and-fruit-with-db -Memory 4GB -InstanceId 559c94c7 -DatabaseUuid ea408a62-c991-490c-96db-2b947003eece -Ttl ([TimeSpan]::FromMinutes(8)) -Connection $c -Verbose";
        var created = Run(host, aura, script);
        var existing = Run(host, aura, script);
        NoErrors(host);
        var first = Assert.Single(created.Output);
        Assert.Equal("Neo4jAura.AuraGraphAnalyticsSession", first.TypeNames[0]);
        Assert.Equal("559c94c7-15de43fg", P(first, "Id"));
        Assert.Null(P(first, "Status"));
        Assert.Null(P(first, "Ttl"));
        var second = Assert.Single(existing.Output);
        Assert.Equal("Ready", P(second, "Status"));
        Assert.Equal(TimeSpan.FromMinutes(8), P(second, "Ttl"));
        Assert.Equal(new DateTimeOffset(2025, 4, 11, 9, 32, 35, TimeSpan.Zero), P(second, "ExpiryDate"));
        Assert.Contains(host.Texts, t => t == "Aura is creating session 559c94c7-15de43fg.");
        Assert.Contains(host.Texts, t => t.StartsWith("Session 'people-and-fruit-with-db' exists with these settings (559c94c7-15de43fg)", StringComparison.Ordinal));
        Assert.Equal(2, aura.Changes.Count);
        using var sent = JsonDocument.Parse(aura.Changes[0].Body);
        Assert.Equal("8m0s", sent.RootElement.GetProperty("ttl").GetString());
        Assert.Equal("559c94c7", sent.RootElement.GetProperty("instance_id").GetString());
        Assert.Equal("ea408a62-c991-490c-96db-2b947003eece", sent.RootElement.GetProperty("database_uuid").GetString());
        Assert.False(sent.RootElement.TryGetProperty("tenant_id", out _));
    }

    [Fact]
    public void New_AuraGraphAnalyticsSession_Wait_polls_a_session_created_without_status_until_Ready()
    {
        var creating = Session200.Replace("\"status\":\"Ready\"", "\"status\":\"Creating\"");
        var aura = new ScriptedAura()
            .On("POST", "/v1/graph-analytics/sessions", ScriptedAura.Answer(202, Session202))
            .On("GET", "/v1/graph-analytics/sessions/559c94c7-15de43fg", ScriptedAura.Answer(200, creating), ScriptedAura.Answer(200, Session200));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "New-AuraGraphAnalyticsSession -Name people-and-fruit-with-db -Memory 4GB -InstanceId 559c94c7 -Wait -PollIntervalSec 1 -TimeoutSec 20 -Connection $c");
        NoErrors(host);
        Assert.Equal("Ready", P(Assert.Single(result.Output), "Status"));
        Assert.Single(aura.Changes);
        Assert.True(aura.Requests.Count(r => r.Method == "GET") >= 2);
    }

    [Fact]
    public void New_AuraGraphAnalyticsSession_409_is_the_session_conflict()
    {
        var aura = new ScriptedAura().On("POST", "/v1/graph-analytics/sessions", ScriptedAura.Answer(409, ApiError("Session already exists with different parameters", "")));
        using var host = new HostedPowerShell();
        Run(host, aura, $"New-AuraGraphAnalyticsSession -Name people-and-fruit -Memory 8GB -TenantId {Tenant} -CloudProvider azure -Region francecentral -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraGraphAnalyticsSessionConflict", ErrorId(e));
        Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category);
        Assert.Equal("people-and-fruit", e.TargetObject);
        Assert.Contains("Session already exists with different parameters", e.Exception.Message);
        AssertRequestIdInMessage(e, 1);
        using var sent = JsonDocument.Parse(Assert.Single(aura.Changes).Body);
        Assert.Equal("azure", sent.RootElement.GetProperty("cloud_provider").GetString());
        Assert.Equal("francecentral", sent.RootElement.GetProperty("region").GetString());
        Assert.Equal(Tenant, sent.RootElement.GetProperty("tenant_id").GetString());
        Assert.False(sent.RootElement.TryGetProperty("ttl", out _)); // Aura's default
    }

    [Fact]
    public void Get_AuraGraphAnalyticsSession_reads_the_list_example_with_nulls_and_a_404_with_an_empty_reason()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/graph-analytics/sessions?instanceId=559c94c7", ScriptedAura.Answer(200, """
                {"data":[
                  {"id":"s-04de43fe-67ab-4","name":"people-and-fruit","memory":"8GB","instance_id":null,"database_uuid":"ea408a62-c991-490c-96db-2b947003eece",
                   "status":"Ready","created_at":"2025-04-04T09:32:35Z","host":"s-04de43fe-67ab-4-gds.orch.neo4j.io","expiry_date":"2025-04-11T09:32:35Z",
                   "ttl":"20m0s","user_id":"u1","tenant_id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","cloud_provider":"azure","region":"francecentral"},
                  {"id":"559c94c7-15de43fg","name":"people-and-fruit-with-db","memory":"4GB","instance_id":"559c94c7","database_uuid":"ea408a62-c991-490c-96db-2b947003eece",
                   "status":"Expiring","created_at":"2025-04-04T09:32:35Z","host":"559c94c7-15de43fg.orch.neo4j.io","expiry_date":null,"ttl":null,
                   "user_id":"u1","tenant_id":"5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f","cloud_provider":"gcp","region":"europe-west1","spot":true}]}
                """))
            .On("GET", "/v1/graph-analytics/sessions/s-00000000-0000-0", ScriptedAura.Answer(404, ApiError("session with id `s-00000000-0000-0` not found", "")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Get-AuraGraphAnalyticsSession -InstanceId 559c94c7 -Connection $c; Get-AuraGraphAnalyticsSession -SessionId s-00000000-0000-0 -Connection $c");
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(TimeSpan.FromMinutes(20), P(result.Output[0], "Ttl"));
        Assert.Null(P(result.Output[0], "InstanceId"));
        Assert.Equal("Expiring", P(result.Output[1], "Status"));
        Assert.Null(P(result.Output[1], "ExpiryDate"));
        Assert.Equal(true, P(result.Output[1], "Spot"));
        var e = SingleError(host);
        Assert.Equal("AuraGraphAnalyticsSessionNotFound", ErrorId(e));
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal("s-00000000-0000-0", e.TargetObject);
        Assert.Contains("session with id `s-00000000-0000-0` not found", e.Exception.Message);
    }

    [Fact]
    public void Remove_AuraGraphAnalyticsSession_takes_the_202_with_the_id()
    {
        var aura = new ScriptedAura().On("DELETE", "/v1/graph-analytics/sessions/s-f5138f3b-7956-4",
            ScriptedAura.Answer(202, """{"data":{"id":"s-f5138f3b-7956-4"},"errors":null}"""));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Remove-AuraGraphAnalyticsSession -SessionId s-f5138f3b-7956-4 -Force -Connection $c");
        Assert.Null(result.Terminating);
        NoErrors(host);
        Assert.Empty(result.Output);
        Assert.Single(aura.Changes);
    }

    // ------------------------------------------------------------------ sizing, metrics

    [Fact]
    public void The_sizing_cmdlets_send_the_API_fields_and_read_its_answers()
    {
        var aura = new ScriptedAura()
            .On("POST", "/v1/instances/sizing", ScriptedAura.Answer(200, """{"data":{"did_exceed_maximum":false,"min_required_memory":"14GB","recommended_size":"16GB"}}"""))
            .On("POST", "/v1/graph-analytics/sessions/sizing", ScriptedAura.Answer(200, """{"data":{"recommended_size":"8GB","estimated_memory":"6GB","confidence":"high"}}"""));
        using var host = new HostedPowerShell();
        var result = Run(host, aura,
            "Get-AuraInstanceSizing -NodeCount 1000000 -RelationshipCount 5000000 -Type professional-ds -AlgorithmCategory pathfinding, community-detection -Connection $c; " +
            "Get-AuraGraphAnalyticsSessionSizing -NodeCount 1000000 -RelationshipCount 5000000 -NodePropertyCount 3 -NodeLabelCount 2 -RelationshipPropertyCount 1 -AlgorithmCategory node-embedding -Connection $c");
        NoErrors(host);
        var instance = result.Output[0];
        Assert.Equal("Neo4jAura.AuraInstanceSizing", instance.TypeNames[0]);
        Assert.Equal("16GB", P(instance, "RecommendedSize")?.ToString());
        Assert.Equal("14GB", P(instance, "MinRequiredMemory")?.ToString());
        Assert.Equal(false, P(instance, "DidExceedMaximum"));
        var session = result.Output[1];
        Assert.Equal("6GB", P(session, "EstimatedMemory")?.ToString());
        Assert.Equal("high", P(session, "Confidence"));
        Assert.Equal("""{"node_count":1000000,"relationship_count":5000000,"instance_type":"professional-ds","algorithm_categories":["pathfinding","community-detection"]}""", aura.Changes[0].Body);
        Assert.Equal("""{"node_count":1000000,"relationship_count":5000000,"node_property_count":3,"node_label_count":2,"relationship_property_count":1,"algorithm_categories":["node-embedding"]}""", aura.Changes[1].Body);
    }

    [Fact]
    public void Get_AuraMetricsIntegration_reads_the_endpoint_and_names_the_tenant()
    {
        var aura = new ScriptedAura().On("GET", $"/v1/tenants/{Tenant}/metrics-integration",
            ScriptedAura.Answer(200, $$$"""{"data":{"endpoint":"https://customer-metrics-api.neo4j.io/api/v1/{{{Tenant}}}/metrics"}}"""));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, $"Get-AuraMetricsIntegration -TenantId {Tenant} -Connection $c");
        NoErrors(host);
        var m = Assert.Single(result.Output);
        Assert.Equal(Tenant, P(m, "TenantId"));
        Assert.Equal($"https://customer-metrics-api.neo4j.io/api/v1/{Tenant}/metrics", P(m, "Endpoint"));
    }

    // ------------------------------------------------------------------ what the transport does with real answers

    [Fact]
    public void A_308_to_https_on_the_same_host_is_followed_with_the_method_and_body_kept()
    {
        var aura = new ScriptedAura();
        aura.On("PATCH", "/v1/instances/a1b2c3d4", _ => ScriptedAura.Empty(308, r => r.Headers.Location = new Uri($"https://{aura.Host}/v1/moved/instances/a1b2c3d4")))
            .On("PATCH", "/v1/moved/instances/a1b2c3d4", ScriptedAura.Answer(200, Instance("a1b2c3d4", "orders-moved")));
        using var host = new HostedPowerShell();
        var result = Run(host, aura, "Set-AuraInstance -InstanceId a1b2c3d4 -Name orders-moved -Connection $c");
        NoErrors(host);
        Assert.Equal("orders-moved", P(Assert.Single(result.Output), "Name"));
        Assert.Equal(2, aura.Changes.Count);
        Assert.All(aura.Changes, r => Assert.Equal("PATCH", r.Method));
        Assert.Equal(aura.Changes[0].Body, aura.Changes[1].Body);
        Assert.All(aura.Changes, r => Assert.Equal("Bearer " + ScriptedAura.Token, r.Authorization));
    }

    [Fact]
    public void A_308_to_another_host_is_not_followed_and_the_token_does_not_leave()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4",
            _ => ScriptedAura.Empty(308, r => r.Headers.Location = new Uri("https://api.elsewhere.example/v1/instances/a1b2c3d4")));
        using var host = new HostedPowerShell();
        Run(host, aura, "Get-AuraInstance -InstanceId a1b2c3d4 -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraRedirectRefused", ErrorId(e));
        Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Equal("a1b2c3d4", e.TargetObject);
        Assert.Contains("api.elsewhere.example", e.Exception.Message);
        Assert.All(aura.Requests, r => Assert.Equal(aura.Host, r.Host));
        Assert.Single(aura.Requests);
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_is_waited_for_and_the_GET_tried_again()
    {
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4",
            _ => ScriptedAura.Json(429, Gateway("API rate limit exceeded"), r => r.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(2))),
            ScriptedAura.Answer(200, Instance("a1b2c3d4", "prod-orders")));
        using var host = new HostedPowerShell();
        var watch = Stopwatch.StartNew();
        var result = Run(host, aura, "Get-AuraInstance -InstanceId a1b2c3d4 -Connection $c -Verbose");
        watch.Stop();
        NoErrors(host);
        Assert.Equal("prod-orders", P(Assert.Single(result.Output), "Name"));
        Assert.Equal(2, aura.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {watch.Elapsed}"); // an HTTP date is whole seconds
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"waited {watch.Elapsed}");
        Assert.Contains(host.Texts, t => t.Contains("trying again") && t.Contains("429"));
    }

    [Fact]
    public void A_429_that_persists_is_LimitsExceeded_with_the_gateway_text_and_a_POST_is_retried_on_429_only()
    {
        var aura = new ScriptedAura().On("POST", "/v1/instances/a1b2c3d4/snapshots",
            _ => ScriptedAura.Json(429, Gateway("API rate limit exceeded"), r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero)));
        using var host = new HostedPowerShell();
        Run(host, aura, "New-AuraSnapshot -InstanceId a1b2c3d4 -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraRateLimited", ErrorId(e));
        Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category);
        Assert.Contains("API rate limit exceeded", e.Exception.Message);
        Assert.Contains("Gave up after 3 attempts", e.Exception.Message);
        Assert.Equal(3, aura.Changes.Count); // MaxRetries 2
    }

    [Fact]
    public void A_5xx_on_a_POST_is_reported_once_as_may_or_may_not_have_happened()
    {
        var aura = new ScriptedAura().On("POST", "/v1/customer-managed-keys", ScriptedAura.Answer(503, Gateway("Service Unavailable")));
        using var host = new HostedPowerShell();
        Run(host, aura, $"New-AuraCustomerManagedKey -Name k -KmsKeyId arn:aws:kms:x -TenantId {Tenant} -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -Connection $c");
        var e = SingleError(host);
        Assert.Equal("AuraServerError", ErrorId(e));
        Assert.Equal(ErrorCategory.ResourceUnavailable, e.CategoryInfo.Category);
        Assert.Contains("may or may not", e.Exception.Message);
        Assert.Equal("k", e.TargetObject);
        Assert.Single(aura.Changes);
    }

    [Fact]
    public void The_request_id_is_in_an_error_when_Aura_sends_one_and_nothing_is_made_up_when_it_does_not()
    {
        var aura = new ScriptedAura()
            .On("GET", "/v1/instances/ffffffff", ScriptedAura.Answer(404, ApiError("DB not found: ffffffff", "db-not-found")))
            .On("GET", "/v1/instances/eeeeeeee", _ => ScriptedAura.Json(404, ApiError("DB not found: eeeeeeee", "db-not-found"), ScriptedAura.WithoutRequestId));
        using var host = new HostedPowerShell();
        Run(host, aura, "Get-AuraInstance -InstanceId ffffffff, eeeeeeee -Connection $c");
        Assert.Equal(2, host.Errors.Count);
        var with = host.Errors.Single(e => (string)e.TargetObject == "ffffffff");
        var without = host.Errors.Single(e => (string)e.TargetObject == "eeeeeeee");
        Assert.Equal("AuraInstanceNotFound", ErrorId(with));
        Assert.Equal(ErrorCategory.ObjectNotFound, with.CategoryInfo.Category);
        Assert.Contains("DB not found: ffffffff (db-not-found)", with.Exception.Message);
        Assert.Contains("Request id ", with.Exception.Message);
        Assert.Contains("DB not found: eeeeeeee", without.Exception.Message);
        Assert.DoesNotContain("Request id", without.Exception.Message);
    }

    [Fact]
    public void X_Tyk_Api_Expires_gives_one_warning_naming_the_date()
    {
        // The warning is once per process and date: a date no other test uses.
        var date = $"Mon, 0{Random.Shared.Next(1, 9)} Mar 20{Random.Shared.Next(40, 99)} 00:00:00 UTC ({Guid.NewGuid():N})";
        var aura = new ScriptedAura().On("GET", "/v1/instances/a1b2c3d4", _ => ScriptedAura.Json(200, Instance("a1b2c3d4", "prod-orders"),
            r => r.Headers.TryAddWithoutValidation("X-Tyk-Api-Expires", date)));
        using var host = new HostedPowerShell();
        var first = Run(host, aura, "Get-AuraInstance -InstanceId a1b2c3d4 -Connection $c 3>&1");
        var second = Run(host, aura, "Get-AuraInstance -InstanceId a1b2c3d4 -Connection $c 3>&1");
        var warnings = first.Output.Concat(second.Output).Select(o => o.BaseObject).OfType<WarningRecord>().ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains(date, warning.Message);
        Assert.Contains("deprecated", warning.Message);
        Assert.Equal(2, first.Output.Count + second.Output.Count - warnings.Count);
    }
}
