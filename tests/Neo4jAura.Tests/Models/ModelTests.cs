using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Neo4jAura.Client;
using Xunit;

namespace Neo4jAura.Tests.Models;

public class ModelTests
{
    private static AuraInstance ParseInstance(string json) => JsonSerializer.Deserialize(json, AuraJsonContext.Default.AuraInstance)!;

    [Fact]
    public void Instance_urls_never_carry_a_password_the_usual_url_is_kept_as_it_is()
    {
        var i = ParseInstance("{\"id\":\"a1\",\"connection_url\":\"neo4j+s://neo4j:urlSecret123@a1.databases.neo4j.io:7687\",\"metrics_integration_url\":\"https://m.example/x?token=tokSecret9\"}");
        Assert.Equal("neo4j+s://neo4j:***@a1.databases.neo4j.io:7687", i.ConnectionUrl);
        Assert.DoesNotContain("tokSecret9", i.MetricsIntegrationUrl);
        const string usual = "neo4j+s://a1.databases.neo4j.io";
        Assert.Same(usual, Redactor.UrlField(usual));
    }

    [Fact]
    public void Instance_reads_every_known_field()
    {
        var i = ParseInstance("{\"id\":\"a1\",\"name\":\"n\",\"status\":\"running\",\"tenant_id\":\"t\",\"cloud_provider\":\"aws\",\"region\":\"us-east-1\",\"type\":\"enterprise-ds\",\"memory\":\"16GB\",\"storage\":\"32GB\",\"connection_url\":\"neo4j+s://a1.databases.neo4j.io\",\"metrics_integration_url\":\"https://m\",\"created_at\":\"2023-01-20T13:44:42Z\",\"customer_managed_key_id\":\"k1\",\"vector_optimized\":true,\"graph_analytics_plugin\":false,\"secondaries_count\":2,\"cdc_enrichment_mode\":\"DIFF\",\"graph_nodes\":\"15\",\"graph_relationships\":7}");
        Assert.Equal(("a1", "n", "running", "t", "aws", "us-east-1", "enterprise-ds", "16GB", "32GB", "neo4j+s://a1.databases.neo4j.io", "https://m"),
            (i.Id, i.Name, i.Status, i.TenantId, i.CloudProvider, i.Region, i.Type, i.Memory!.Text, i.Storage!.Text, i.ConnectionUrl, i.MetricsIntegrationUrl));
        Assert.Equal((16.0, 32.0), (i.MemoryGB, i.StorageGB));
        Assert.Equal(new DateTimeOffset(2023, 1, 20, 13, 44, 42, TimeSpan.Zero), i.CreatedAt);
        Assert.Equal(("k1", true, false, 2, "DIFF", 15L, 7L), (i.CustomerManagedKeyId, i.VectorOptimized, i.GraphAnalyticsPlugin, i.SecondariesCount, i.CdcEnrichmentMode, i.GraphNodes, i.GraphRelationships));
        Assert.Empty(i.AdditionalProperties());
        Assert.Equal("n (a1)", i.ToString());
    }

    [Fact]
    public void Odd_but_harmless_values_do_not_break_parsing()
    {
        var i = ParseInstance("{\"id\":\"a1\",\"memory\":8,\"status\":\"some-new-state\",\"cloud_provider\":\"oracle\",\"type\":null}");
        Assert.Equal("8", i.Memory);
        Assert.Equal("some-new-state", i.Status);
        Assert.Equal("oracle", i.CloudProvider);
        var s = JsonSerializer.Deserialize("{\"snapshot_id\":\"s\",\"timestamp\":\"not a date\",\"exportable\":\"true\"}", AuraJsonContext.Default.AuraSnapshot)!;
        Assert.Null(s.Timestamp);
        Assert.True(s.Exportable);
        var s2 = JsonSerializer.Deserialize("{\"snapshot_id\":\"s\",\"timestamp\":\"2026-03-04T05:06:07.123\"}", AuraJsonContext.Default.AuraSnapshot)!;
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 123, TimeSpan.Zero), s2.Timestamp);
    }

    [Fact]
    public void Additional_properties_become_plain_values()
    {
        var i = ParseInstance("{\"id\":\"a1\",\"s\":\"x\",\"i\":12345678901,\"d\":1.5,\"b\":false,\"n\":null,\"a\":[1,\"two\",[3]],\"o\":{\"k\":{\"deep\":true}}}");
        var p = i.AdditionalProperties().ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal("x", p["s"]);
        Assert.Equal(12345678901L, p["i"]);
        Assert.Equal(1.5, p["d"]);
        Assert.Equal(false, p["b"]);
        Assert.Null(p["n"]);
        var a = Assert.IsType<object?[]>(p["a"]);
        Assert.Equal(1L, a[0]);
        Assert.Equal(new object?[] { 3L }, a[2]);
        var o = Assert.IsType<System.Collections.Specialized.OrderedDictionary>(p["o"]);
        Assert.Equal(true, ((System.Collections.Specialized.OrderedDictionary)o["k"]!)["deep"]);
    }

    // ------------------------------------------------------------ properties

    public sealed record InstanceFields(string Id, string?[] Values, (string Name, string Json)[] Extras);

    public static class Generators
    {
        private static readonly string[] Known = { "id", "name", "status", "tenant_id", "cloud_provider", "region", "type", "connection_url", "metrics_integration_url", "customer_managed_key_id", "cdc_enrichment_mode" };

        private static Gen<string> Text => ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");

        private static Gen<string> JsonValue => Gen.Sized(size => JsonValueOf(Math.Min(size, 3)));

        private static Gen<string> JsonValueOf(int depth)
        {
            var leaves = Gen.OneOf(
                Text.Select(s => JsonSerializer.Serialize(s)),
                ArbMap.Default.GeneratorFor<long>().Select(l => l.ToString(CultureInfo.InvariantCulture)),
                ArbMap.Default.GeneratorFor<NormalFloat>().Select(d => d.Get.ToString("R", CultureInfo.InvariantCulture)),
                Gen.Elements("true", "false", "null"));
            if (depth <= 0) return leaves;
            var inner = JsonValueOf(depth - 1);
            return Gen.OneOf(leaves,
                inner.ListOf().Select(l => "[" + string.Join(",", l) + "]"),
                Gen.Zip(Text, inner).ListOf().Select(l => "{" + string.Join(",", l.GroupBy(p => p.Item1).Select(g => JsonSerializer.Serialize(g.Key) + ":" + g.First().Item2)) + "}"));
        }

        public static Arbitrary<InstanceFields> Instances() => Arb.From(
            from id in Text
            from values in Text.Select(s => (string?)s).OrNull().ArrayOf(Known.Length - 1)
            from extras in Gen.Zip(Text.Where(n => !Known.Contains(n)), JsonValue).ListOf()
            select new InstanceFields(id, values, extras.GroupBy(e => e.Item1).Select(g => (g.Key, g.First().Item2)).ToArray()));

        public static string[] KnownNames => Known;
    }

    private static string Build(InstanceFields f)
    {
        var parts = new List<string> { "\"id\":" + JsonSerializer.Serialize(f.Id) };
        for (var k = 1; k < Generators.KnownNames.Length; k++)
        {
            parts.Add(JsonSerializer.Serialize(Generators.KnownNames[k]) + ":" + (f.Values[k - 1] is null ? "null" : JsonSerializer.Serialize(f.Values[k - 1])));
        }
        parts.AddRange(f.Extras.Select(e => JsonSerializer.Serialize(e.Name) + ":" + e.Json));
        return "{" + string.Join(",", parts) + "}";
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, MaxTest = 300)]
    public bool Instances_round_trip_known_fields_and_keep_every_extra_field(InstanceFields f)
    {
        var json = Build(f);
        var i = ParseInstance(json);
        var known = new[] { i.Name, i.Status, i.TenantId, i.CloudProvider, i.Region, i.Type, i.ConnectionUrl, i.MetricsIntegrationUrl, i.CustomerManagedKeyId, i.CdcEnrichmentMode };
        if (i.Id != f.Id || !known.SequenceEqual(f.Values)) return false;
        var extra = i.AdditionalProperties().ToList();
        if (extra.Count != f.Extras.Count(e => !Redactor.IsSensitiveName(e.Name))) return false;
        // Serialising the model and reading it back gives the same model (the extras go back out too).
        var again = ParseInstance(JsonSerializer.Serialize(i, AuraJsonContext.Default.AuraInstance));
        return again.Id == i.Id && again.AdditionalProperties().Select(p => p.Key).SequenceEqual(extra.Select(p => p.Key))
               && new[] { again.Name, again.Status, again.CdcEnrichmentMode }.SequenceEqual(new[] { i.Name, i.Status, i.CdcEnrichmentMode });
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, MaxTest = 200)]
    public bool Snapshots_and_tenants_never_throw_on_extra_fields_or_unknown_statuses(InstanceFields f)
    {
        var extras = string.Concat(f.Extras.Select(e => "," + JsonSerializer.Serialize(e.Name) + ":" + e.Json));
        var snapshot = JsonSerializer.Deserialize("{\"snapshot_id\":\"s\",\"instance_id\":\"i\",\"status\":" + JsonSerializer.Serialize(f.Id) + extras + "}", AuraJsonContext.Default.AuraSnapshot)!;
        var tenant = JsonSerializer.Deserialize("{\"id\":\"t\",\"instance_configurations\":[{\"type\":" + JsonSerializer.Serialize(f.Id) + ",\"region\":\"r\",\"memory\":" + JsonSerializer.Serialize(f.Id) + extras + "}]" + extras + "}", AuraJsonContext.Default.AuraTenant)!;
        var published = f.Extras.Count(e => !Redactor.IsSensitiveName(e.Name));
        return snapshot.Status == f.Id
               && snapshot.AdditionalProperties().Count() == published
               && tenant.InstanceConfigurations.Single().AdditionalProperties().Count() == published
               && tenant.AdditionalProperties().Count() == published;
    }
}
