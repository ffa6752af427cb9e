using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neo4jAura.Models;

/// <summary>An Aura database instance (type name Neo4jAura.AuraInstance).</summary>
public sealed class AuraInstance
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>The API's status, kept as text so that states the module does not know still parse.</summary>
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

    /// <summary>The one-time database credential, only after create or restore; never serialised.</summary>
    [JsonIgnore] public PSCredential? Credential { get; set; }

    /// <summary>Fields the API sent that this version of the module does not know; kept, not lost.</summary>
    [JsonExtensionData] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}
