using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura.Models;

/// <summary>
/// An Aura database instance (type name Neo4jAura.AuraInstance). Read from and written to the API's JSON (id, name,
/// status, tenant_id, cloud_provider, region, type, memory, storage, connection_url, metrics_integration_url,
/// neo4j_version) by <see cref="AuraInstanceConverter"/>.
/// </summary>
[JsonConverter(typeof(AuraInstanceConverter))]
public sealed class AuraInstance
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    /// <summary>The API's status, kept as text so that states the module does not know still parse.</summary>
    public string? Status { get; set; }
    public string? TenantId { get; set; }
    public string? CloudProvider { get; set; }
    public string? Region { get; set; }
    public string? Type { get; set; }
    public string? Memory { get; set; }
    public string? Storage { get; set; }
    public string? ConnectionUrl { get; set; }
    public string? MetricsIntegrationUrl { get; set; }
    public string? Neo4jVersion { get; set; }

    /// <summary>The one-time database credential, only after create or restore; never serialised (the converter does not know it).</summary>
    public PSCredential? Credential { get; set; }

    /// <summary>Fields the API sent that this version of the module does not know; kept, not lost.</summary>
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}
