using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Errors;
using Neo4jAura.Models;

namespace Neo4jAura.Waiting;

/// <summary>What an instance wait waits for, and how a status reads: done, failed, or still going.</summary>
internal sealed class InstanceGoal
{
    private readonly string[] _statuses;

    private InstanceGoal(string description, string[] statuses, bool isDelete, string? memory)
    {
        Description = description;
        _statuses = statuses;
        IsDelete = isDelete;
        Memory = memory;
    }

    /// <summary>Shown in progress and messages, e.g. "running".</summary>
    public string Description { get; }
    public bool IsDelete { get; }
    /// <summary>When set (a resize), done also needs the instance to report this memory.</summary>
    public string? Memory { get; }

    public static InstanceGoal Status(string status) => new(status, new[] { status }, false, null);
    public static InstanceGoal Running() => Status("running");
    public static InstanceGoal Paused() => Status("paused");
    public static InstanceGoal Deleted() => new("deleted", new[] { "destroyed" }, true, null);
    /// <summary>After an update: settled again (running, or paused when it was paused) with the new memory.</summary>
    public static InstanceGoal Settled(string status, string? memory) => new(memory is null ? status : $"{status} with {memory}", new[] { status }, false, memory);

    /// <summary>True for a status that means the operation failed (loading failed, or any status with "failed").</summary>
    public static bool IsFailureStatus(string? status)
        => status is not null && status.IndexOf("failed", StringComparison.OrdinalIgnoreCase) >= 0;

    public PollOutcome<AuraInstance> Evaluate(AuraInstance instance, string label)
    {
        var status = instance.Status ?? "";
        if (_statuses.Any(s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase)))
        {
            if (Memory is null || SameMemory(Memory, instance.Memory)) return PollOutcome<AuraInstance>.Done(instance, status);
            return PollOutcome<AuraInstance>.Pending(instance, status);
        }
        if (IsFailureStatus(status))
        {
            var ex = new AuraApiException(
                $"The wait for {label} ended: the instance is in the failure state '{status}' (waiting for '{Description}').",
                "AuraInstanceFailed", ErrorCategory.InvalidResult)
            {
                RecommendedAction = "Check the instance in the Aura console; Aura support can help with failed instances.",
            };
            return PollOutcome<AuraInstance>.Failed(ex, instance, status);
        }
        // creating, updating, pausing, suspending, overwriting and statuses the module does not know: keep waiting.
        return PollOutcome<AuraInstance>.Pending(instance, status);
    }

    /// <summary>The instance is gone (404): done for a delete wait, an error for any other.</summary>
    public PollOutcome<AuraInstance> NotFound(Exception error, AuraInstance? lastSeen)
    {
        if (IsDelete) return PollOutcome<AuraInstance>.Done(lastSeen!, "destroyed");
        return PollOutcome<AuraInstance>.Failed(error, lastSeen, null);
    }

    internal static bool SameMemory(string a, string? b)
        => b is not null && string.Equals(Normalise(a), Normalise(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string s) => s.Replace(" ", "").Trim();
}

/// <summary>Snapshot waits: done at Completed, failed at Failed, anything else is still going.</summary>
internal static class SnapshotGoal
{
    public const string Description = "Completed";

    public static PollOutcome<AuraSnapshot> Evaluate(AuraSnapshot snapshot, string label)
    {
        var status = snapshot.Status ?? "";
        if (string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase)) return PollOutcome<AuraSnapshot>.Done(snapshot, status);
        if (string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase) || InstanceGoal.IsFailureStatus(status))
        {
            var ex = new AuraApiException($"The {label} failed (status '{status}').", "AuraSnapshotFailed", ErrorCategory.InvalidResult)
            {
                RecommendedAction = "Take a new snapshot with New-AuraSnapshot, or use an earlier Completed one.",
            };
            return PollOutcome<AuraSnapshot>.Failed(ex, snapshot, status);
        }
        return PollOutcome<AuraSnapshot>.Pending(snapshot, status);
    }

    public static IEnumerable<string> KnownStatuses => new[] { "Completed", "InProgress", "Pending", "Failed" };
}
