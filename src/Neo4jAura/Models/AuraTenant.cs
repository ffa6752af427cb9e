using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura.Models;

/// <summary>A tenant (project) that holds instances (type name Neo4jAura.AuraTenant).</summary>
public sealed class AuraTenant
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string Id { get; set; } = "";
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("instance_configurations")] public List<AuraInstanceConfiguration> InstanceConfigurations { get; set; } = new();

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => string.IsNullOrEmpty(Name) ? Id : $"{Name} ({Id})";
}

/// <summary>An instance type the tenant may create, and where.</summary>
public sealed class AuraInstanceConfiguration
{
    [JsonPropertyName("type")] [JsonConverter(typeof(LenientStringConverter))] public string? Type { get; set; }
    [JsonPropertyName("regions")] public List<AuraRegion> Regions { get; set; } = new();

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => $"{Type}: {string.Join(", ", Regions)}";
}

/// <summary>A region offered for an instance type. The emulator (and possibly Aura) adds cloud_provider and memory.</summary>
public sealed class AuraRegion
{
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    /// <summary>Not in the seed spec; filled when the API sends it.</summary>
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(LenientStringConverter))] public string? CloudProvider { get; set; }
    /// <summary>Not in the seed spec; the memory sizes offered, filled when the API sends them.</summary>
    [JsonPropertyName("memory")] public List<string>? Memory { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => Name ?? "";
}
