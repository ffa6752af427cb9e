using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura.Models;

/// <summary>An Aura database instance (type name Neo4jAura.AuraInstance).</summary>
public sealed class AuraInstance
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    /// <summary>The API's status, kept as text so that states the module does not know still parse.</summary>
    [JsonPropertyName("status")] [JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
    [JsonPropertyName("tenant_id")] [JsonConverter(typeof(LenientStringConverter))] public string? TenantId { get; set; }
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(LenientStringConverter))] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] [JsonConverter(typeof(LenientStringConverter))] public string? Region { get; set; }
    [JsonPropertyName("type")] [JsonConverter(typeof(LenientStringConverter))] public string? Type { get; set; }
    [JsonPropertyName("memory")] [JsonConverter(typeof(LenientStringConverter))] public string? Memory { get; set; }
    [JsonPropertyName("storage")] [JsonConverter(typeof(LenientStringConverter))] public string? Storage { get; set; }
    [JsonPropertyName("connection_url")] [JsonConverter(typeof(LenientStringConverter))] public string? ConnectionUrl { get; set; }
    [JsonPropertyName("metrics_integration_url")] [JsonConverter(typeof(LenientStringConverter))] public string? MetricsIntegrationUrl { get; set; }
    [JsonPropertyName("neo4j_version")] [JsonConverter(typeof(LenientStringConverter))] public string? Neo4jVersion { get; set; }

    /// <summary>The one-time database credential, only after create or restore; never serialised.</summary>
    [JsonIgnore] public PSCredential? Credential { get; set; }

    /// <summary>Fields the API sent that this version of the module does not know; kept, not lost.</summary>
    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}
