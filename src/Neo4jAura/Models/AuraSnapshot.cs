using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Client;

namespace Neo4jAura;

/// <summary>A point-in-time snapshot of an instance (type name Neo4jAura.AuraSnapshot).</summary>
public sealed class AuraSnapshot
{
    [JsonPropertyName("snapshot_id")] [JsonConverter(typeof(LenientStringConverter))] public string SnapshotId { get; set; } = "";
    [JsonPropertyName("instance_id")] [JsonConverter(typeof(PooledStringConverter))] public string InstanceId { get; set; } = "";
    /// <summary>Completed, InProgress, Pending, Failed, Cancelled, or a status the module does not know yet.</summary>
    [JsonPropertyName("status")] [JsonConverter(typeof(PooledStringConverter))] public string? Status { get; set; }
    /// <summary>AdHoc (taken on demand) or Scheduled.</summary>
    [JsonPropertyName("profile")] [JsonConverter(typeof(PooledStringConverter))] public string? Profile { get; set; }
    [JsonPropertyName("timestamp")] [JsonConverter(typeof(LenientDateTimeOffsetConverter))] public DateTimeOffset? Timestamp { get; set; }
    /// <summary>True when a new instance can be made from it (full snapshots within the plan's export window).</summary>
    [JsonPropertyName("exportable")] [JsonConverter(typeof(LenientBooleanConverter))] public bool? Exportable { get; set; }

    [JsonExtensionData] [JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The fields the API sent that this version of the module does not model, as plain .NET values.</summary>
    public IEnumerable<KeyValuePair<string, object?>> AdditionalProperties() => AuraJsonValues.Enumerate(ExtensionData);

    public override string ToString() => $"{SnapshotId} ({InstanceId}, {Status})";
}
