using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura;

/// <summary>
/// An Aura database instance as GET /instances/{id} describes it (type name Neo4jAura.AuraInstance), read by
/// <see cref="AuraInstanceConverter"/>. Fields only some instances have (storage is not returned for AuraDB Free,
/// graph_nodes only for Free, secondaries_count only for Virtual Dedicated Cloud, ...) are null when absent.
/// </summary>
[JsonConverter(typeof(AuraInstanceConverter))]
public sealed class AuraInstance
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    /// <summary>The API's status (creating, running, paused, ...), kept as text so that states the module does not know still parse.</summary>
    public string? Status { get; set; }
    public string? TenantId { get; set; }
    public string? CloudProvider { get; set; }
    public string? Region { get; set; }
    public string? Type { get; set; }
    /// <summary>Memory, e.g. 8GB; sorts and compares by size.</summary>
    public AuraSize? Memory { get; set; }
    /// <summary>Storage, e.g. 16GB (not returned for AuraDB Free); sorts and compares by size.</summary>
    public AuraSize? Storage { get; set; }
    /// <summary>Memory in gigabytes, as a number.</summary>
    public double? MemoryGB => Memory?.Gigabytes;
    /// <summary>Storage in gigabytes, as a number.</summary>
    public double? StorageGB => Storage?.Gigabytes;
    public string? ConnectionUrl { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public string? MetricsIntegrationUrl { get; set; }
    public string? CustomerManagedKeyId { get; set; }
    public bool? VectorOptimized { get; set; }
    public bool? GraphAnalyticsPlugin { get; set; }
    /// <summary>Secondaries (Virtual Dedicated Cloud only).</summary>
    public int? SecondariesCount { get; set; }
    /// <summary>OFF, DIFF or FULL (Virtual Dedicated Cloud and Business Critical only).</summary>
    public string? CdcEnrichmentMode { get; set; }
    /// <summary>Nodes in the graph (AuraDB Free only).</summary>
    public long? GraphNodes { get; set; }
    /// <summary>Relationships in the graph (AuraDB Free only).</summary>
    public long? GraphRelationships { get; set; }

    /// <summary>
    /// The one-time database credential (user name and password), only on what New-AuraInstance, Copy-AuraInstance
    /// and Restore-AuraSnapshot -Name return. Hidden from Select-Object * and Format-List *, never serialised
    /// (Export-Clixml, jobs, remoting) and never written by the converter: read it on purpose, e.g.
    /// $i.Credential.GetNetworkCredential().Password, and store it in a vault.
    /// </summary>
    [Hidden]
    public PSCredential? Credential { get; set; }

    /// <summary>Fields the API sent that this version of the module does not know; kept, not lost.</summary>
    internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";

    /// <summary>A shallow copy (two waits on one instance must not share one object).</summary>
    internal AuraInstance Clone() => (AuraInstance)MemberwiseClone();
}

/// <summary>An instance as GET /instances lists it (type name Neo4jAura.AuraInstanceSummary): Get-AuraInstance -Summary.</summary>
public sealed class AuraInstanceSummary
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("tenant_id")] [JsonConverter(typeof(PooledStringConverter))] public string? TenantId { get; set; }
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(PooledStringConverter))] public string? CloudProvider { get; set; }
    [JsonPropertyName("created_at")] [JsonConverter(typeof(LenientDateTimeOffsetConverter))] public DateTimeOffset? CreatedAt { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}
