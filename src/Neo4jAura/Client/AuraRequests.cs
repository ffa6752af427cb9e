using System.Text.Json.Serialization;

namespace Neo4jAura.Client;

/// <summary>Body of POST /instances.</summary>
internal sealed class CreateInstanceRequest
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("version")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Version { get; set; }
    [JsonPropertyName("region")] public string Region { get; set; } = "";
    [JsonPropertyName("memory")] public string Memory { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("tenant_id")] public string TenantId { get; set; } = "";
    [JsonPropertyName("cloud_provider")] public string CloudProvider { get; set; } = "";
}

/// <summary>Body of PATCH /instances/{id}; unset fields are left out.</summary>
internal sealed class UpdateInstanceRequest
{
    [JsonPropertyName("name")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; set; }
    [JsonPropertyName("memory")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Memory { get; set; }
}

/// <summary>Body of POST /instances/{target}/overwrite.</summary>
internal sealed class OverwriteInstanceRequest
{
    [JsonPropertyName("source_snapshot_id")] public string SourceSnapshotId { get; set; } = "";
    [JsonPropertyName("source_instance_id")] public string SourceInstanceId { get; set; } = "";
}

/// <summary>Body of POST /instances/{id}/snapshots/{snapshotId}/restore.</summary>
internal sealed class RestoreSnapshotRequest
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("memory")] public string Memory { get; set; } = "";
    [JsonPropertyName("region")] public string Region { get; set; } = "";
    [JsonPropertyName("cloud_provider")] public string CloudProvider { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("tenant_id")] public string TenantId { get; set; } = "";
}
