using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neo4jAura.Models;

/// <summary>A point-in-time snapshot of an instance (type name Neo4jAura.AuraSnapshot).</summary>
public sealed class AuraSnapshot
{
    [JsonPropertyName("snapshot_id")] public string SnapshotId { get; set; } = "";
    [JsonPropertyName("instance_id")] public string InstanceId { get; set; } = "";
    /// <summary>Completed, InProgress, Failed, Pending, or a status the module does not know yet.</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }
    [JsonPropertyName("exportable")] public bool? Exportable { get; set; }

    [JsonExtensionData] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

    public override string ToString() => $"{SnapshotId} ({InstanceId}, {Status})";
}
