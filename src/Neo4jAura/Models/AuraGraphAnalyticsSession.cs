using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura;

/// <summary>A graph analytics (GDS) session (type name Neo4jAura.AuraGraphAnalyticsSession).</summary>
public sealed class AuraGraphAnalyticsSession
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    /// <summary>Creating, Ready, Expired, Failed, or a status the module does not know yet.</summary>
    [JsonPropertyName("status")] [JsonConverter(typeof(PooledStringConverter))] public string? Status { get; set; }
    [JsonPropertyName("memory")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? Memory { get; set; }
    [JsonPropertyName("host")] [JsonConverter(typeof(LenientStringConverter))] public string? Host { get; set; }
    [JsonPropertyName("tenant_id")] [JsonConverter(typeof(PooledStringConverter))] public string? TenantId { get; set; }
    /// <summary>The instance the session is attached to (null for a standalone session).</summary>
    [JsonPropertyName("instance_id")] [JsonConverter(typeof(LenientStringConverter))] public string? InstanceId { get; set; }
    [JsonPropertyName("database_uuid")] [JsonConverter(typeof(LenientStringConverter))] public string? DatabaseUuid { get; set; }
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(PooledStringConverter))] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] [JsonConverter(typeof(PooledStringConverter))] public string? Region { get; set; }
    [JsonPropertyName("created_at")] [JsonConverter(typeof(LenientDateTimeOffsetConverter))] public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>When the session expires if it stays idle.</summary>
    [JsonPropertyName("expiry_date")] [JsonConverter(typeof(LenientDateTimeOffsetConverter))] public DateTimeOffset? ExpiryDate { get; set; }
    /// <summary>How long the session may stay idle (the API's duration, e.g. 1h0m0s).</summary>
    [JsonPropertyName("ttl")] [JsonConverter(typeof(LenientDurationConverter))] public TimeSpan? Ttl { get; set; }
    [JsonPropertyName("user_id")] [JsonConverter(typeof(LenientStringConverter))] public string? UserId { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}

/// <summary>Aura's estimate of the session a graph needs (type name Neo4jAura.AuraGraphAnalyticsSessionSizing).</summary>
public sealed class AuraGraphAnalyticsSessionSizing
{
    [JsonPropertyName("recommended_size")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? RecommendedSize { get; set; }
    [JsonPropertyName("estimated_memory")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? EstimatedMemory { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => $"{RecommendedSize} (estimated {EstimatedMemory})";
}
