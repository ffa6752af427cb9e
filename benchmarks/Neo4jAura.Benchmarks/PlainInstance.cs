using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// A reference shape only (not the module's): the same twelve fields as AuraInstance with plain string properties,
/// no per-property converters, no extension data, default reader options. It shows what the source generator
/// costs without the module's leniency, i.e. how much of the gap to JsonDocument.Parse is the leniency.
/// </summary>
public sealed class PlainInstance
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("tenant_id")] public string? TenantId { get; set; }
    [JsonPropertyName("cloud_provider")] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] public string? Region { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("memory")] public string? Memory { get; set; }
    [JsonPropertyName("storage")] public string? Storage { get; set; }
    [JsonPropertyName("connection_url")] public string? ConnectionUrl { get; set; }
    [JsonPropertyName("metrics_integration_url")] public string? MetricsIntegrationUrl { get; set; }
    [JsonPropertyName("neo4j_version")] public string? Neo4jVersion { get; set; }
}

public sealed class PlainEnvelope
{
    [JsonPropertyName("data")] public List<PlainInstance>? Data { get; set; }
}

[JsonSerializable(typeof(PlainEnvelope))]
internal sealed partial class PlainJsonContext : JsonSerializerContext
{
}
