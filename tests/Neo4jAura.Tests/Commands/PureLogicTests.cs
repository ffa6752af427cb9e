using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Neo4jAura.Client;
using Neo4jAura.Commands;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Commands;

public class JsonPsTests
{
    [Fact]
    public void Json_becomes_PSCustomObjects_arrays_and_scalars()
    {
        var value = JsonPs.Parse("""{"id":"a1","n":3,"big":12345678901,"f":1.5,"ok":true,"none":null,"list":[1,"x",{"k":"v"}],"inner":{"deep":{"z":false}}}""");
        var ps = Assert.IsType<PSObject>(value);
        Assert.IsType<PSCustomObject>(ps.BaseObject);
        Assert.Equal("a1", ps.Properties["id"].Value);
        Assert.Equal(3, ps.Properties["n"].Value);
        Assert.Equal(12345678901L, ps.Properties["big"].Value);
        Assert.Equal(1.5m, ps.Properties["f"].Value);
        Assert.Equal(true, ps.Properties["ok"].Value);
        Assert.Null(ps.Properties["none"].Value);
        var list = Assert.IsType<object?[]>(ps.Properties["list"].Value);
        Assert.Equal(3, list.Length);
        Assert.Equal("v", ((PSObject)list[2]!).Properties["k"].Value);
        var deep = (PSObject)((PSObject)ps.Properties["inner"].Value).Properties["deep"].Value;
        Assert.Equal(false, deep.Properties["z"].Value);
        Assert.Equal(new[] { "id", "n", "big", "f", "ok", "none", "list", "inner" }, ps.Properties.Select(p => p.Name).ToArray());
    }

    [Fact]
    public void Invoke_AuraApi_outputs_the_data_member_when_there_is_one()
    {
        var data = InvokeAuraApiCommand.ParseData("""{"data":[{"id":"a"},{"id":"b"}]}""");
        var array = Assert.IsType<object?[]>(data);
        Assert.Equal("b", ((PSObject)array[1]!).Properties["id"].Value);
        var whole = Assert.IsType<PSObject>(InvokeAuraApiCommand.ParseData("""{"status":"ok"}"""));
        Assert.Equal("ok", whole.Properties["status"].Value);
    }

    [Fact]
    public void Invoke_AuraApi_masks_every_string_as_Raw_masks_the_text_and_holds_secret_fields_as_AuraSecret()
    {
        var parsed = Assert.IsType<PSObject>(InvokeAuraApiCommand.ParseData(
            """{"data":{"name":"kept","url":"neo4j://neo4j:urlSecret123@h:7687","note":"your token is tok-echoed-12345678","list":["Bearer abcdefghijkl"],"db_pass":"dbpass-secret-77"}}""",
            text => Redactor.MaskValue(Redactor.RedactPatterns(text), "tok-echoed-12345678")));
        Assert.Equal("kept", parsed.Properties["name"].Value);
        Assert.Equal("neo4j://neo4j:***@h:7687", parsed.Properties["url"].Value);
        Assert.Equal("your token is ***", parsed.Properties["note"].Value);
        Assert.Equal("Bearer ***", ((object?[])parsed.Properties["list"].Value!)[0]);
        Assert.IsType<AuraSecret>(parsed.Properties["db_pass"].Value);
        // Without a mask (other callers) strings stay as they are.
        var plain = Assert.IsType<PSObject>(InvokeAuraApiCommand.ParseData("""{"url":"neo4j://neo4j:pw@h"}"""));
        Assert.Equal("neo4j://neo4j:pw@h", plain.Properties["url"].Value);
    }

    [Fact]
    public void Bodies_from_hashtables_and_PSCustomObjects_become_JSON()
    {
        var table = new Hashtable { ["name"] = "x", ["memory"] = "8GB", ["n"] = 2, ["flag"] = true, ["list"] = new object[] { "a", 1 } };
        using var doc = JsonDocument.Parse(JsonPs.ToJsonBody(table));
        Assert.Equal("x", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("n").GetInt32());
        Assert.True(doc.RootElement.GetProperty("flag").GetBoolean());
        Assert.Equal(2, doc.RootElement.GetProperty("list").GetArrayLength());

        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("name", "y"));
        custom.Properties.Add(new PSNoteProperty("inner", new Hashtable { ["k"] = null }));
        using var doc2 = JsonDocument.Parse(JsonPs.ToJsonBody(custom));
        Assert.Equal("y", doc2.RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, doc2.RootElement.GetProperty("inner").GetProperty("k").ValueKind);
    }

    [Fact]
    public void A_JSON_string_body_is_sent_as_is_and_must_parse()
    {
        Assert.Equal("""{"a":1}""", JsonPs.ToJsonBody("""{"a":1}"""));
        Assert.ThrowsAny<JsonException>(() => JsonPs.ToJsonBody("{not json"));
    }

    [Fact]
    public void A_self_referencing_body_is_refused_not_looped()
    {
        var table = new Hashtable();
        table["self"] = table;
        Assert.Throws<System.IO.InvalidDataException>(() => JsonPs.ToJsonBody(table));
    }
}

public class InputTests
{
    [Theory]
    [InlineData("a1b2c3d4")]
    [InlineData("5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f")]
    public void Good_ids_pass(string id) => Assert.Equal(id, InputRules.Id(id, "InstanceId"));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("../tenants")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a?x=1")]
    [InlineData("a..b")]
    public void Bad_ids_are_refused_with_AuraInvalidArgument(string id)
    {
        var ex = Assert.Throws<AuraApiException>(() => InputRules.Id(id, "InstanceId"));
        Assert.Equal("AuraInvalidArgument", ex.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains("InstanceId", ex.Message);
    }

    [Fact]
    public void Names_are_at_most_30_characters()
    {
        Assert.Equal("prod-orders", InputRules.Name(" prod-orders "));
        Assert.Throws<AuraApiException>(() => InputRules.Name(new string('x', 31)));
        Assert.Throws<AuraApiException>(() => InputRules.Name("a\u0007b"));
    }

    [Theory]
    [InlineData("8GB", "8GB")]
    [InlineData("16gb", "16GB")]
    [InlineData(" 2 GB", "2GB")]
    public void Memory_sizes_are_normalised(string input, string expected) => Assert.Equal(expected, InputRules.Size(input, "Memory").Text);

    [Theory]
    [InlineData("8")]
    [InlineData("512MB")]
    [InlineData("lots")]
    [InlineData("GB")]
    public void Bad_memory_is_refused(string input) => Assert.Throws<AuraApiException>(() => InputRules.Size(input, "Memory"));

    [Theory]
    [InlineData("[abc")]
    [InlineData("prod-[")]
    public void A_wildcard_pattern_PowerShell_cannot_use_is_refused_before_anything_is_sent(string pattern)
    {
        var error = Assert.Throws<AuraApiException>(() => InputRules.Wildcard(pattern, "Name"));
        Assert.Equal("AuraInvalidArgument", error.ErrorId);
        Assert.Contains("-Name", error.Message);
        Assert.Contains("wildcard", error.Message);
    }

    [Theory]
    [InlineData("5", "5")]
    [InlineData(" 4 ", "4")]
    [InlineData("4.4", "4.4")]
    public void Versions_are_trimmed(string input, string expected) => Assert.Equal(expected, InputRules.Version(input));

    [Theory]
    [InlineData("five")]
    [InlineData("5.")]
    [InlineData("")]
    public void Bad_versions_are_refused(string input) => Assert.Throws<AuraApiException>(() => InputRules.Version(input));

    [Theory]
    [InlineData("/instances", "/instances")]
    [InlineData("instances", "/instances")]
    [InlineData("/instances?tenantId=x", "/instances?tenantId=x")]
    public void Api_paths_are_relative_to_the_root(string raw, string expected) => Assert.Equal(expected, InvokeAuraApiCommand.NormalisePath(raw));

    [Theory]
    [InlineData("https://evil.example/instances")]
    [InlineData("//evil.example/x")]
    [InlineData("/instances/../../oauth/token")]
    [InlineData("/instances/%2e%2e/x")]
    [InlineData("\\instances")]
    public void Api_paths_that_leave_the_root_are_refused(string raw)
        => Assert.Equal("AuraInvalidArgument", Assert.Throws<AuraApiException>(() => InvokeAuraApiCommand.NormalisePath(raw)).ErrorId);

    [Theory]
    [InlineData("https://api.neo4j.io", true)]
    [InlineData("http://127.0.0.1:8787", true)]
    [InlineData("http://127.3.4.5:8787", true)]
    [InlineData("http://localhost:8787", true)]
    [InlineData("http://[::1]:8787", true)]
    [InlineData("http://api.neo4j.io", false)]
    [InlineData("http://10.0.0.5:8787", false)]
    [InlineData("ftp://api.neo4j.io", false)]
    public void Only_https_or_loopback_http_may_carry_the_secret(string uri, bool allowed)
    {
        var problem = ConnectAuraCommand.CheckBaseUri(new Uri(uri));
        Assert.Equal(allowed, problem is null);
        if (!allowed && uri.StartsWith("http://")) Assert.Contains("clear text", problem);
    }
}

[Xunit.Collection("The process's Aura session")]
public class TextAndSelectionTests
{
    [Fact]
    public void Targets_name_instances_by_name_and_id()
    {
        Assert.Equal("instance prod-orders (a1b2c3d4)", AuraText.Instance("a1b2c3d4", "prod-orders"));
        Assert.Equal("instance a1b2c3d4", AuraText.Instance("a1b2c3d4", null));
        var text = AuraText.OverwriteDescription("d4e5f6a7", "staging-orders", "s-1", "a1b2c3d4", "prod-orders");
        Assert.Contains("instance staging-orders (d4e5f6a7)", text);
        Assert.Contains("REPLACED by snapshot s-1 of instance prod-orders (a1b2c3d4)", text);
        Assert.Contains("REPLACED", AuraText.OverwriteQuestion("d4e5f6a7", "staging-orders", "s-1", "a1b2c3d4", null));
    }

    private static AuraSnapshot Snap(string id, string status, int hoursAgo, bool exportable, string profile = "Scheduled")
        => new() { SnapshotId = id, InstanceId = "a1b2c3d4", Status = status, Profile = profile, Timestamp = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero).AddHours(-hoursAgo), Exportable = exportable };

    private static IEnumerable<string> Pick(IEnumerable<AuraSnapshot> all, string? status, string? profile, bool exportable, DateTimeOffset? since, bool latest)
        => GetAuraSnapshotCommand.Newest(all.Where(s => GetAuraSnapshotCommand.Matches(s, status, profile, exportable, since)), latest).Select(s => s.SnapshotId);

    [Fact]
    public void Snapshots_come_newest_first_and_Latest_applies_after_the_other_filters()
    {
        var all = new[] { Snap("old", "Completed", 48, true), Snap("new-failed", "Failed", 1, false), Snap("mid", "Completed", 24, false, "AdHoc"), Snap("newest", "InProgress", 0, false) };
        Assert.Equal(new[] { "newest", "new-failed", "mid", "old" }, Pick(all, null, null, false, null, false));
        Assert.Equal(new[] { "newest" }, Pick(all, null, null, false, null, true));
        Assert.Equal(new[] { "mid" }, Pick(all, "completed", null, false, null, true));
        Assert.Equal(new[] { "old" }, Pick(all, null, null, true, null, true));
        Assert.Equal(new[] { "old" }, Pick(all, "Completed", "Scheduled", false, null, true));
        Assert.Equal(new[] { "mid" }, Pick(all, null, "AdHoc", false, null, false));
        var since = new DateTimeOffset(2026, 1, 9, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new[] { "newest", "new-failed", "mid" }, Pick(all, null, null, false, since, false));
        Assert.Empty(Pick(all, "Pending", null, false, null, true));
    }

    private static AuraInstanceConfiguration Config(string type, string cloud, string region, string memory, string storage, string version = "5")
        => new() { Type = type, CloudProvider = cloud, Region = region, RegionName = region, Memory = memory, Storage = storage, Version = version };

    private static AuraTenant Tenant() => new()
    {
        Id = "t1",
        Name = "Acme",
        InstanceConfigurations = new List<AuraInstanceConfiguration>
        {
            Config("enterprise-db", "gcp", "europe-west1", "8GB", "16GB"),
            Config("enterprise-db", "gcp", "europe-west1", "16GB", "32GB"),
            Config("enterprise-db", "aws", "us-east-1", "8GB", "16GB"),
            Config("free-db", "gcp", "europe-west1", "1GB", "2GB"),
        },
    };

    [Fact]
    public void Tenant_configurations_accept_offered_choices_in_their_spelling_and_fill_the_storage()
    {
        var choice = new TenantConfig.Choice { Type = "ENTERPRISE-DB", Region = "Europe-West1", CloudProvider = "GCP", Memory = "16GB", Version = "5" };
        Assert.Null(TenantConfig.Check(Tenant(), choice));
        Assert.Equal("enterprise-db", choice.Type);
        Assert.Equal("europe-west1", choice.Region);
        Assert.Equal("gcp", choice.CloudProvider);
        Assert.Equal("16GB", choice.Memory!.Text);
        Assert.Equal("32GB", choice.Storage!.Text); // the one storage offered with 16GB
    }

    [Fact]
    public void Tenant_configurations_refuse_unknown_choices_listing_the_valid_values()
    {
        Assert.Contains("Valid types: enterprise-db, free-db", TenantConfig.Check(Tenant(), new() { Type = "enterprise-xx", Region = "europe-west1" }));
        Assert.Contains("Valid regions: europe-west1, us-east-1", TenantConfig.Check(Tenant(), new() { Type = "enterprise-db", Region = "mars-1" }));
        Assert.Contains("Valid cloud providers: aws, gcp", TenantConfig.Check(Tenant(), new() { Type = "enterprise-db", CloudProvider = "azure" }));
        Assert.Contains("Valid regions: us-east-1", TenantConfig.Check(Tenant(), new() { Type = "enterprise-db", CloudProvider = "aws", Region = "europe-west1" }));
        Assert.Contains("Valid memory sizes: 8GB, 16GB", TenantConfig.Check(Tenant(), new() { Type = "enterprise-db", Region = "europe-west1", CloudProvider = "gcp", Memory = "4GB" }));
        Assert.Contains("Valid storage sizes: 16GB", TenantConfig.Check(Tenant(), new() { Type = "enterprise-db", Region = "europe-west1", CloudProvider = "gcp", Memory = "8GB", Storage = "64GB" }));
        Assert.Contains("Valid versions: 5", TenantConfig.Check(Tenant(), new() { Type = "enterprise-db", Version = "4" }));
        Assert.Null(TenantConfig.Check(new AuraTenant { Id = "t2" }, new() { Type = "anything", Region = "anywhere" }));
    }

    [Fact]
    public void Offerings_group_the_flat_configurations_smallest_memory_first()
    {
        var offerings = Tenant().Offerings();
        Assert.Equal(3, offerings.Length);
        var gcp = offerings.Single(o => o.CloudProvider == "gcp" && o.Type == "enterprise-db");
        Assert.Equal(new[] { "8GB", "16GB" }, gcp.Memory.Select(m => m.Text));
        Assert.Equal(new[] { "aws", "gcp" }, Tenant().CloudProviders);
        Assert.Equal(new[] { "enterprise-db", "free-db" }, Tenant().InstanceTypes);
    }

    [Fact]
    public void Output_names_and_secret_filtering()
    {
        Assert.Equal("NewField", AuraOutput.PascalCase("new_field"));
        Assert.Equal("Id", AuraOutput.PascalCase("id"));
        Assert.False(AuraOutput.IsPublishable("password"));
        Assert.False(AuraOutput.IsPublishable("access_token"));
        Assert.False(AuraOutput.IsPublishable("client_secret"));
        Assert.True(AuraOutput.IsPublishable("graph_analytics_plugin"));
    }

    [Fact]
    public void Unknown_API_fields_become_note_properties_without_secrets()
    {
        var instance = System.Text.Json.JsonSerializer.Deserialize("""{"id":"a1b2c3d4","name":"x","graph_analytics":{"enabled":true,"plugin_password":"p"},"zones":["a","b"],"password":"secret!"}""",
            Neo4jAura.Client.AuraJsonContext.Default.AuraInstance)!;
        var ps = AuraOutput.Wrap(instance);
        var ga = Assert.IsType<PSObject>(ps.Properties["GraphAnalytics"].Value);
        Assert.Equal(true, ga.Properties["enabled"].Value);
        Assert.Null(ga.Properties["plugin_password"]);
        Assert.Equal(new object[] { "a", "b" }, (object[])ps.Properties["Zones"].Value);
        Assert.Null(ps.Properties["Password"]);
    }

    [Fact]
    public void Wrapped_models_carry_the_contract_type_name_first()
    {
        var ps = AuraOutput.Wrap(new AuraInstance { Id = "a1b2c3d4", Name = "x" });
        Assert.Equal("Neo4jAura.AuraInstance", ps.TypeNames[0]);
        Assert.Equal("Neo4jAura.AuraSnapshot", AuraOutput.Wrap(new AuraSnapshot { SnapshotId = "s" }).TypeNames[0]);
        Assert.Equal("Neo4jAura.AuraTenant", AuraOutput.Wrap(new AuraTenant { Id = "t" }).TypeNames[0]);
    }

    [Fact]
    public void Completers_match_a_prefix_with_quotes_trimmed_and_quote_what_needs_it()
    {
        Assert.True(AuraCompleter.Prefix("'prod").IsMatch("prod-orders"));
        Assert.True(AuraCompleter.Prefix("\"PROD").IsMatch("prod-orders"));
        Assert.False(AuraCompleter.Prefix("orders").IsMatch("prod-orders"));
        Assert.True(AuraCompleter.Prefix("[x").IsMatch("[x]")); // wildcard characters typed are literal
        Assert.Equal("a1b2c3d4", AuraCompleter.QuoteIfNeeded("a1b2c3d4"));
        Assert.Equal("'my db'", AuraCompleter.QuoteIfNeeded("my db"));
        Assert.Equal("2026-12-05T02:15:00Z", AuraCompleter.QuoteIfNeeded("2026-12-05T02:15:00Z")); // a snapshot named by its time
        Assert.Equal("'-x'", AuraCompleter.QuoteIfNeeded("-x"));  // bare, it would be a parameter name
        Assert.Equal("':x'", AuraCompleter.QuoteIfNeeded(":x"));
        Assert.Equal("'it''s'", AuraCompleter.QuoteIfNeeded("it's"));
        var r = AuraCompleter.Result("a1b2c3d4", "prod-orders");
        Assert.Equal("a1b2c3d4", r.CompletionText);
        Assert.Equal("a1b2c3d4 (prod-orders)", r.ListItemText);
        Assert.Equal("prod-orders", r.ToolTip);
        Assert.Equal(CompletionResultType.ParameterValue, r.ResultType);
    }

    [Fact]
    public void Completers_offer_nothing_and_never_throw_when_not_connected()
    {
        // Other tests of this process may have connected (the process keeps its latest connection): forget them all.
        while (AuraSession.Forget(null) is not null) { }
        var bound = new Hashtable();
        Assert.Empty(new InstanceIdCompleter().CompleteArgument("Get-AuraInstance", "InstanceId", "", null!, bound));
        Assert.Empty(new SnapshotIdCompleter().CompleteArgument("Get-AuraSnapshot", "SnapshotId", "", null!, bound));
        Assert.Equal(new[] { "aws", "azure", "gcp" }, new CloudProviderCompleter().CompleteArgument("New-AuraInstance", "CloudProvider", "", null!, bound).Select(c => c.CompletionText));
        Assert.Contains("enterprise-db", new InstanceTypeCompleter().CompleteArgument("New-AuraInstance", "Type", "ent", null!, bound).Select(c => c.CompletionText));
    }

    [Fact]
    public void Memory_sizes_sort_by_size()
        => Assert.Equal(new[] { "512MB", "2GB", "16GB", "1TB" }, new[] { "16GB", "1TB", "2GB", "512MB" }.Select(t => new AuraSize(t)).OrderBy(m => m).Select(m => m.Text));
}
