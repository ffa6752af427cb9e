using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura;

/// <summary>A customer-managed encryption key registered with Aura (type name Neo4jAura.AuraCustomerManagedKey).</summary>
public sealed class AuraCustomerManagedKey
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    /// <summary>pending while Aura sets it up, then ready (or a status the module does not know yet).</summary>
    [JsonPropertyName("status")] [JsonConverter(typeof(PooledStringConverter))] public string? Status { get; set; }
    [JsonPropertyName("tenant_id")] [JsonConverter(typeof(PooledStringConverter))] public string? TenantId { get; set; }
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(PooledStringConverter))] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] [JsonConverter(typeof(PooledStringConverter))] public string? Region { get; set; }
    /// <summary>The instance type the key encrypts: enterprise-db or enterprise-ds.</summary>
    [JsonPropertyName("instance_type")] [JsonConverter(typeof(PooledStringConverter))] public string? InstanceType { get; set; }
    /// <summary>The key's id in the cloud provider's key management service (the API's key_id).</summary>
    [JsonPropertyName("key_id")] [JsonConverter(typeof(LenientStringConverter))] public string? KmsKeyId { get; set; }
    [JsonPropertyName("created")] [JsonConverter(typeof(LenientDateTimeOffsetConverter))] public DateTimeOffset? Created { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}

/// <summary>Where a tenant's metrics can be scraped (type name Neo4jAura.AuraMetricsIntegration).</summary>
public sealed class AuraMetricsIntegration
{
    [JsonIgnore] public string TenantId { get; set; } = "";
    [JsonPropertyName("endpoint")] [JsonConverter(typeof(LenientStringConverter))] public string? Endpoint { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => Endpoint ?? "";
}

/// <summary>Aura's estimate of the instance a graph needs (type name Neo4jAura.AuraInstanceSizing).</summary>
public sealed class AuraInstanceSizing
{
    [JsonPropertyName("recommended_size")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? RecommendedSize { get; set; }
    [JsonPropertyName("min_required_memory")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? MinRequiredMemory { get; set; }
    /// <summary>True when the graph needs more than the largest instance offered.</summary>
    [JsonPropertyName("did_exceed_maximum")] [JsonConverter(typeof(LenientBooleanConverter))] public bool? DidExceedMaximum { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => $"{RecommendedSize} (at least {MinRequiredMemory})";
}
