using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura;

/// <summary>A tenant (project) with the instance configurations it offers (type name Neo4jAura.AuraTenant).</summary>
public sealed class AuraTenant
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    /// <summary>What can be created where: one entry per cloud provider, region, type, memory/storage and version (the API's flat list).</summary>
    [JsonPropertyName("instance_configurations")] public List<AuraInstanceConfiguration> InstanceConfigurations { get; set; } = new();

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The cloud providers offered, sorted.</summary>
    public string[] CloudProviders => Distinct(c => c.CloudProvider);
    /// <summary>The instance types offered, sorted.</summary>
    public string[] InstanceTypes => Distinct(c => c.Type);
    /// <summary>The regions offered, sorted.</summary>
    public string[] Regions => Distinct(c => c.Region);

    /// <summary>
    /// The configurations grouped the way one chooses: one row per cloud provider, region, type and version with the
    /// memory sizes offered there, smallest first ("what can I create where").
    /// </summary>
    public AuraOffering[] Offerings()
        => InstanceConfigurations
            .Where(c => c is not null)
            .GroupBy(c => (c.CloudProvider ?? "", c.Region ?? "", c.Type ?? "", c.Version ?? ""))
            .Select(g => new AuraOffering(Id, g.Key.Item1, g.Key.Item2, g.First().RegionName, g.Key.Item3, g.Key.Item4,
                g.Select(c => c.Memory).Where(m => m is not null).Distinct().OrderBy(m => m).ToArray()!))
            .OrderBy(o => o.CloudProvider, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Region, StringComparer.OrdinalIgnoreCase)
            .ThenBy(o => o.Type, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Version, StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";

    private string[] Distinct(Func<AuraInstanceConfiguration, string?> pick)
        => InstanceConfigurations.Where(c => c is not null).Select(pick).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(v => v, StringComparer.OrdinalIgnoreCase).ToArray();
}

/// <summary>A tenant as GET /tenants lists it: id and name (Get-AuraTenant -Summary; type name Neo4jAura.AuraTenantSummary).</summary>
public sealed class AuraTenantSummary
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}

/// <summary>One configuration a tenant offers (type name Neo4jAura.AuraInstanceConfiguration).</summary>
public sealed class AuraInstanceConfiguration
{
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(PooledStringConverter))] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] [JsonConverter(typeof(PooledStringConverter))] public string? Region { get; set; }
    /// <summary>A human-friendly name of the region, e.g. Belgium (europe-west1).</summary>
    [JsonPropertyName("region_name")] [JsonConverter(typeof(PooledStringConverter))] public string? RegionName { get; set; }
    [JsonPropertyName("type")] [JsonConverter(typeof(PooledStringConverter))] public string? Type { get; set; }
    [JsonPropertyName("memory")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? Memory { get; set; }
    [JsonPropertyName("storage")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? Storage { get; set; }
    /// <summary>Neo4j version, e.g. 5.</summary>
    [JsonPropertyName("version")] [JsonConverter(typeof(PooledStringConverter))] public string? Version { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => $"{Type} {Memory}/{Storage} {CloudProvider} {Region} (Neo4j {Version})";
}

/// <summary>
/// A row of <see cref="AuraTenant.Offerings"/>: a cloud provider, region, type and version, with the memory sizes one
/// can create there (type name Neo4jAura.AuraOffering).
/// </summary>
public sealed class AuraOffering
{
    internal AuraOffering(string tenantId, string cloudProvider, string region, string? regionName, string type, string version, AuraSize[] memory)
    {
        TenantId = tenantId; CloudProvider = cloudProvider; Region = region; RegionName = regionName; Type = type; Version = version; Memory = memory;
    }

    public string TenantId { get; }
    public string CloudProvider { get; }
    public string Region { get; }
    public string? RegionName { get; }
    public string Type { get; }
    public string Version { get; }
    /// <summary>The memory sizes offered, smallest first.</summary>
    public AuraSize[] Memory { get; }

    public override string ToString() => $"{Type} {CloudProvider} {Region} (Neo4j {Version}): {string.Join(", ", (object[])Memory)}";
}
