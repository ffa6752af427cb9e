using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Neo4jAura.Client;

/// <summary>Body of POST /instances: a new instance, or a clone with source_instance_id (and source_snapshot_id).</summary>
internal sealed class CreateInstanceRequest
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("version")] public string Version { get; set; } = "5";
    [JsonPropertyName("region")] public string Region { get; set; } = "";
    [JsonPropertyName("memory")] public string Memory { get; set; } = "";
    [JsonPropertyName("storage")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Storage { get; set; }
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("tenant_id")] public string TenantId { get; set; } = "";
    [JsonPropertyName("cloud_provider")] public string CloudProvider { get; set; } = "";
    [JsonPropertyName("source_instance_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SourceInstanceId { get; set; }
    [JsonPropertyName("source_snapshot_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SourceSnapshotId { get; set; }
    [JsonPropertyName("customer_managed_key_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CustomerManagedKeyId { get; set; }
    [JsonPropertyName("vector_optimized")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? VectorOptimized { get; set; }
    [JsonPropertyName("graph_analytics_plugin")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? GraphAnalyticsPlugin { get; set; }
}

/// <summary>Body of PATCH /instances/{id}; unset fields are left out.</summary>
internal sealed class UpdateInstanceRequest
{
    [JsonPropertyName("name")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; set; }
    [JsonPropertyName("memory")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Memory { get; set; }
    [JsonPropertyName("storage")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Storage { get; set; }
    [JsonPropertyName("vector_optimized")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? VectorOptimized { get; set; }
    [JsonPropertyName("graph_analytics_plugin")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? GraphAnalyticsPlugin { get; set; }
    [JsonPropertyName("secondaries_count")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? SecondariesCount { get; set; }
    [JsonPropertyName("cdc_enrichment_mode")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CdcEnrichmentMode { get; set; }

    /// <summary>True when only the name changes: the API answers 200 with the instance (anything else: 202 with {}).</summary>
    [JsonIgnore]
    public bool IsRenameOnly => Name is not null && Memory is null && Storage is null && VectorOptimized is null && GraphAnalyticsPlugin is null
                                && SecondariesCount is null && CdcEnrichmentMode is null;
}

/// <summary>Body of POST /instances/{target}/overwrite: the source instance (required) and optionally one of its snapshots.</summary>
internal sealed class OverwriteInstanceRequest
{
    [JsonPropertyName("source_instance_id")] public string SourceInstanceId { get; set; } = "";
    [JsonPropertyName("source_snapshot_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SourceSnapshotId { get; set; }
}

/// <summary>Body of POST /instances/{id}/upgrade: memory and storage, both or neither.</summary>
internal sealed class UpgradeInstanceRequest
{
    [JsonPropertyName("memory")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Memory { get; set; }
    [JsonPropertyName("storage")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Storage { get; set; }
}

/// <summary>Body of POST /instances/sizing.</summary>
internal sealed class InstanceSizingRequest
{
    [JsonPropertyName("node_count")] public long NodeCount { get; set; }
    [JsonPropertyName("relationship_count")] public long RelationshipCount { get; set; }
    [JsonPropertyName("instance_type")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? InstanceType { get; set; }
    [JsonPropertyName("algorithm_categories")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? AlgorithmCategories { get; set; }
}

/// <summary>Body of POST /customer-managed-keys (every field required).</summary>
internal sealed class CreateCustomerManagedKeyRequest
{
    [JsonPropertyName("key_id")] public string KeyId { get; set; } = "";
    [JsonPropertyName("region")] public string Region { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("instance_type")] public string InstanceType { get; set; } = "";
    [JsonPropertyName("tenant_id")] public string TenantId { get; set; } = "";
    [JsonPropertyName("cloud_provider")] public string CloudProvider { get; set; } = "";
}

/// <summary>Body of POST /graph-analytics/sessions: attached to an instance, or standalone in a tenant, provider and region.</summary>
internal sealed class CreateSessionRequest
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("memory")] public string Memory { get; set; } = "";
    [JsonPropertyName("ttl")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Ttl { get; set; }
    [JsonPropertyName("instance_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? InstanceId { get; set; }
    [JsonPropertyName("database_uuid")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DatabaseUuid { get; set; }
    [JsonPropertyName("tenant_id")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TenantId { get; set; }
    [JsonPropertyName("cloud_provider")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Region { get; set; }
}

/// <summary>Body of POST /graph-analytics/sessions/sizing.</summary>
internal sealed class SessionSizingRequest
{
    [JsonPropertyName("node_count")] public long NodeCount { get; set; }
    [JsonPropertyName("relationship_count")] public long RelationshipCount { get; set; }
    [JsonPropertyName("node_property_count")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? NodePropertyCount { get; set; }
    [JsonPropertyName("node_label_count")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? NodeLabelCount { get; set; }
    [JsonPropertyName("relationship_property_count")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? RelationshipPropertyCount { get; set; }
    [JsonPropertyName("algorithm_categories")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? AlgorithmCategories { get; set; }
}

/// <summary>The answer of POST .../snapshots: only the new snapshot's id.</summary>
internal sealed class SnapshotCreated
{
    [JsonPropertyName("snapshot_id")] [JsonConverter(typeof(LenientStringConverter))] public string? SnapshotId { get; set; }
}

/// <summary>The answer of DELETE /graph-analytics/sessions/{id}: the id.</summary>
internal sealed class SessionDeleted
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
}
