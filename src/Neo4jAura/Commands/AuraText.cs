using System;

namespace Neo4jAura.Commands;

/// <summary>How ShouldProcess targets, progress and messages name things, e.g. "instance prod-orders (a1b2c3d4)".</summary>
internal static class AuraText
{
    public static string Instance(string id, string? name)
        => string.IsNullOrEmpty(name) || string.Equals(name, id, StringComparison.Ordinal) ? $"instance {id}" : $"instance {name} ({id})";

    public static string Tenant(string id, string? name)
        => string.IsNullOrEmpty(name) ? $"tenant {id}" : $"tenant {name} ({id})";

    public static string Snapshot(string snapshotId, string instanceId, string? instanceName)
        => $"snapshot {snapshotId} of {Instance(instanceId, instanceName)}";

    /// <summary>The -WhatIf / verbose line of an overwrite.</summary>
    public static string OverwriteDescription(string targetId, string? targetName, string snapshotId, string sourceId, string? sourceName)
        => $"Overwrite {Instance(targetId, targetName)}: its data will be REPLACED by {Snapshot(snapshotId, sourceId, sourceName)}.";

    /// <summary>The confirmation question of an overwrite.</summary>
    public static string OverwriteQuestion(string targetId, string? targetName, string snapshotId, string sourceId, string? sourceName)
        => $"All data of {Instance(targetId, targetName)} will be REPLACED by {Snapshot(snapshotId, sourceId, sourceName)}. "
         + "The data it holds now cannot be recovered unless a snapshot of it exists. Continue?";

    public const string OverwriteCaption = "Overwrite an Aura instance";
}
