using System;

namespace Neo4jAura;

/// <summary>
/// What Test-AuraSnapshot found for one instance (type name Neo4jAura.AuraSnapshotTest): the snapshot it checked (RPO:
/// its time and age), and for a drill whether it restored, how long that took (RTO: request to running), what the
/// -Test script returned, and whether everything passed.
/// </summary>
public sealed class AuraSnapshotTest
{
    public string InstanceId { get; set; } = "";
    public string? InstanceName { get; set; }
    /// <summary>The snapshot checked (null when none was found).</summary>
    public string? SnapshotId { get; set; }
    /// <summary>When the snapshot was taken (Aura's timestamp).</summary>
    public DateTimeOffset? SnapshotTime { get; set; }
    /// <summary>How old the snapshot was when it was checked: the recovery point a restore would give.</summary>
    public TimeSpan? SnapshotAge { get; set; }
    public bool? Exportable { get; set; }
    /// <summary>True when a scratch instance was made from the snapshot and ran.</summary>
    public bool Restored { get; set; }
    /// <summary>From the restore request to the scratch instance running: the recovery time of this snapshot.</summary>
    public TimeSpan? RestoreDuration { get; set; }
    /// <summary>What the -Test script block returned (null without -Test).</summary>
    public object? TestResult { get; set; }
    /// <summary>True when the snapshot is recent enough and (in a drill) restored and passed the -Test script.</summary>
    public bool Passed { get; set; }
    /// <summary>Why it did not pass (null when it did).</summary>
    public string? Error { get; set; }
    /// <summary>The scratch instance of the drill (removed afterwards unless -KeepInstance).</summary>
    public string? ScratchInstanceId { get; set; }
    public string? ScratchInstanceName { get; set; }
    /// <summary>True when the scratch instance still exists (-KeepInstance, or its removal failed).</summary>
    public bool ScratchInstanceKept { get; set; }
    /// <summary>When the check ended.</summary>
    public DateTimeOffset TestedAt { get; set; }

    public override string ToString()
        => $"{InstanceName ?? InstanceId}: {(Passed ? "passed" : "FAILED")}{(SnapshotId is null ? "" : $" (snapshot {SnapshotId})")}{(Error is null ? "" : ": " + Error)}";
}
