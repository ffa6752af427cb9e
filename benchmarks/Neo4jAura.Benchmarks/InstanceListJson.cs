using System;
using System.IO;
using System.Text.Json;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// Builds a GET /v1/instances answer ({"data":[Instance, ...]}) with every field of the spec's Instance schema, in the
/// API's field names and value shapes (8-hex ids, UUID tenants, the emulator's URL formats), deterministic for a seed.
/// </summary>
public static class InstanceListJson
{
    private static readonly (string Provider, string[] Regions)[] Regions =
    {
        ("gcp", new[] { "europe-west1", "europe-west2", "us-central1", "us-east1", "asia-southeast1" }),
        ("aws", new[] { "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2" }),
        ("azure", new[] { "westeurope", "northeurope", "eastus", "uksouth", "southeastasia" }),
    };

    private static readonly string[] Types = { "enterprise-db", "enterprise-ds", "professional-db", "free-db" };
    private static readonly string[] Memories = { "1GB", "2GB", "4GB", "8GB", "16GB", "32GB", "64GB" };
    private static readonly string[] Statuses = { "running", "running", "running", "running", "paused", "creating", "updating" };
    private static readonly string[] Prefixes = { "prod", "staging", "dev", "test", "analytics", "orders", "catalog" };

    /// <summary>A GET /v1/instances/{id} answer: {"data": Instance} (the first instance of <see cref="Create"/>).</summary>
    public static byte[] CreateSingle(int seed = 42)
    {
        using var list = JsonDocument.Parse(Create(1, seed));
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            list.RootElement.GetProperty("data")[0].WriteTo(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static byte[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var tenants = new string[4];
        for (var t = 0; t < tenants.Length; t++)
        {
            var g = new byte[16];
            random.NextBytes(g);
            tenants[t] = new Guid(g).ToString();
        }

        using var stream = new MemoryStream(count * 420);
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            for (var i = 0; i < count; i++)
            {
                var id = ((uint)random.Next() ^ (uint)(i * 2654435761u)).ToString("x8");
                var tenant = tenants[random.Next(tenants.Length)];
                var (provider, regions) = Regions[random.Next(Regions.Length)];
                var memory = Memories[random.Next(Memories.Length)];
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("name", $"{Prefixes[random.Next(Prefixes.Length)]}-{i:D5}");
                w.WriteString("status", Statuses[random.Next(Statuses.Length)]);
                w.WriteString("tenant_id", tenant);
                w.WriteString("cloud_provider", provider);
                w.WriteString("region", regions[random.Next(regions.Length)]);
                w.WriteString("type", Types[random.Next(Types.Length)]);
                w.WriteString("memory", memory);
                w.WriteString("storage", (int.Parse(memory.Substring(0, memory.Length - 2)) * 2) + "GB");
                w.WriteString("connection_url", $"neo4j+s://{id}.databases.neo4j.io");
                w.WriteString("metrics_integration_url", $"https://customer-metrics-api.neo4j.io/api/v1/{tenant}/{id}/metrics");
                w.WriteString("neo4j_version", "5");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
