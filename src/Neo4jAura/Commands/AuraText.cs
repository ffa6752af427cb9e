using System;

namespace Neo4jAura.Commands;

/// <summary>How ShouldProcess targets, progress and messages name things, e.g. "instance prod-orders (a1b2c3d4)".</summary>
internal static class AuraText
{
    public static string Instance(string id, string? name)
        => string.IsNullOrEmpty(name) || string.Equals(name, id, StringComparison.Ordinal) ? $"instance {id}" : $"instance {name} ({id})";

    /// <summary>An object a list answer named, by its name alone (for errors about its id): "instance prod-orders", "an unnamed tenant".</summary>
    public static string Listed(string kind, string? name) => string.IsNullOrEmpty(name) ? $"an unnamed {kind}" : $"{kind} {name}";

    public static string Tenant(string id, string? name)
        => string.IsNullOrEmpty(name) ? $"tenant {id}" : $"tenant {name} ({id})";

    public static string Snapshot(string snapshotId, string instanceId, string? instanceName)
        => $"snapshot {snapshotId} of {Instance(instanceId, instanceName)}";

    /// <summary>A snapshot for progress bars and wait messages, the instance's name first: "prod-orders: snapshot 707cb29e-…".</summary>
    public static string SnapshotLabel(string snapshotId, string instanceId, string? instanceName)
        => $"{(string.IsNullOrEmpty(instanceName) ? instanceId : instanceName)}: snapshot {snapshotId}";

    /// <summary>The -WhatIf / verbose line of an overwrite.</summary>
    public static string OverwriteDescription(string targetId, string? targetName, string snapshotId, string sourceId, string? sourceName)
        => $"Overwrite {Instance(targetId, targetName)}: its data will be REPLACED by {Snapshot(snapshotId, sourceId, sourceName)}.";

    /// <summary>The confirmation question of an overwrite.</summary>
    public static string OverwriteQuestion(string targetId, string? targetName, string snapshotId, string sourceId, string? sourceName)
        => $"All data of {Instance(targetId, targetName)} will be REPLACED by {Snapshot(snapshotId, sourceId, sourceName)}. "
         + "The data it holds now cannot be recovered unless a snapshot of it exists. Continue?";

    public const string OverwriteCaption = "Overwrite an Aura instance";

    /// <summary>The -WhatIf / verbose line of an in-place restore.</summary>
    public static string InPlaceDescription(string instanceId, string? instanceName, string snapshotId, DateTimeOffset? taken)
        => $"Restore {Instance(instanceId, instanceName)} in place: its data will be REPLACED by its snapshot {snapshotId}{When(taken)}.";

    /// <summary>The confirmation question of an in-place restore.</summary>
    public static string InPlaceQuestion(string instanceId, string? instanceName, string snapshotId, DateTimeOffset? taken)
        => $"All data of {Instance(instanceId, instanceName)} will be REPLACED by its snapshot {snapshotId}{When(taken)}. "
         + "Changes made since then are lost unless a newer snapshot exists. Continue?";

    public const string InPlaceCaption = "Restore an Aura instance in place";

    /// <summary>A shape for messages: "enterprise-db, 8GB memory, 16GB storage, gcp europe-west1".</summary>
    public static string Shape(string? type, string? memory, string? storage, string? cloudProvider, string? region)
        => $"{type}, {memory} memory{(string.IsNullOrEmpty(storage) ? "" : $", {storage} storage")}, {cloudProvider} {region}";

    private static string When(DateTimeOffset? taken)
        => taken is { } t ? " taken " + t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "";
}
