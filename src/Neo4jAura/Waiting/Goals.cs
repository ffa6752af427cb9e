using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Errors;

namespace Neo4jAura.Waiting;

/// <summary>What an instance wait waits for, and how a status reads: done, failed, or still going.</summary>
internal sealed class InstanceGoal
{
    /// <summary>The status a deleted instance is given once Aura no longer knows it (the API has no such status).</summary>
    public const string DeletedStatus = "deleted";

    private readonly string[] _statuses;

    private InstanceGoal(string description, string[] statuses, bool isDelete, AuraSize? memory = null, AuraSize? storage = null, string? type = null)
    {
        Description = description;
        _statuses = statuses;
        IsDelete = isDelete;
        Memory = memory;
        Storage = storage;
        Type = type;
    }

    /// <summary>Shown in progress and messages, e.g. "running".</summary>
    public string Description { get; }
    public bool IsDelete { get; }
    /// <summary>When set (a resize), done also needs the instance to report this memory.</summary>
    public AuraSize? Memory { get; }
    /// <summary>When set (a resize), done also needs the instance to report this storage.</summary>
    public AuraSize? Storage { get; }
    /// <summary>When set (an upgrade), done also needs the instance to report this type.</summary>
    public string? Type { get; }

    public static InstanceGoal Status(string status) => new(status, new[] { status }, false);
    public static InstanceGoal Running() => Status("running");
    public static InstanceGoal Paused() => Status("paused");
    public static InstanceGoal Deleted() => new(DeletedStatus, Array.Empty<string>(), true);

    /// <summary>After a change: settled again (running, or paused when it was paused) with the new size or type.</summary>
    public static InstanceGoal Settled(string status, AuraSize? memory, AuraSize? storage = null, string? type = null)
    {
        var parts = new List<string>();
        if (type is not null) parts.Add(type);
        if (memory is not null) parts.Add($"{memory} memory");
        if (storage is not null) parts.Add($"{storage} storage");
        return new(parts.Count == 0 ? status : $"{status} with {string.Join(", ", parts)}", new[] { status }, false, memory, storage, type);
    }

    /// <summary>True for a status that means the operation failed (loading failed, or any status with "failed").</summary>
    public static bool IsFailureStatus(string? status)
        => status is not null && status.IndexOf("failed", StringComparison.OrdinalIgnoreCase) >= 0;

    public PollOutcome<AuraInstance> Evaluate(AuraInstance instance, string label)
    {
        var status = instance.Status ?? "";
        if (_statuses.Any(s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase)))
        {
            var sized = (Memory is null || Memory.Equals(instance.Memory)) && (Storage is null || Storage.Equals(instance.Storage))
                        && (Type is null || string.Equals(Type, instance.Type, StringComparison.OrdinalIgnoreCase));
            if (sized) return PollOutcome<AuraInstance>.Done(instance, status);
            // Running, but not yet with the new size: say what it has, so a timeout message is not "running ... running".
            return PollOutcome<AuraInstance>.Pending(instance, $"{status} with {Seen(instance)}");
        }
        if (IsFailureStatus(status))
        {
            var ex = new AuraApiException(
                $"The wait for {label} ended: the instance is in the failure state '{status}' (waiting for '{Description}').",
                "AuraInstanceFailed", ErrorCategory.InvalidResult)
            {
                RecommendedAction = "Check the instance in the Aura console; Aura support can help with failed instances. Remove it with Remove-AuraInstance if it is a new instance.",
            };
            return PollOutcome<AuraInstance>.Failed(ex, instance, status);
        }
        // creating, updating, pausing, suspending, overwriting and statuses the module does not know: keep waiting.
        return PollOutcome<AuraInstance>.Pending(instance, status);
    }

    private string Seen(AuraInstance instance)
    {
        var parts = new List<string>();
        if (Type is not null) parts.Add(instance.Type ?? "no type");
        if (Memory is not null) parts.Add($"{instance.Memory?.Text ?? "unknown"} memory");
        if (Storage is not null) parts.Add($"{instance.Storage?.Text ?? "unknown"} storage");
        return string.Join(", ", parts);
    }

    /// <summary>The instance is gone (404): done for a delete wait (status deleted), an error for any other.</summary>
    public PollOutcome<AuraInstance> NotFound(Exception error, AuraInstance? lastSeen)
    {
        if (!IsDelete) return PollOutcome<AuraInstance>.Failed(error, lastSeen, null);
        var gone = lastSeen ?? new AuraInstance();
        gone.Status = DeletedStatus;
        return PollOutcome<AuraInstance>.Done(gone, DeletedStatus);
    }
}

/// <summary>Snapshot waits: done at Completed, failed at Failed or Cancelled, anything else is still going.</summary>
internal static class SnapshotGoal
{
    public const string Description = "Completed";

    public static PollOutcome<AuraSnapshot> Evaluate(AuraSnapshot snapshot, string label)
    {
        var status = snapshot.Status ?? "";
        if (string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase)) return PollOutcome<AuraSnapshot>.Done(snapshot, status);
        if (string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Cancelled", StringComparison.OrdinalIgnoreCase)
            || InstanceGoal.IsFailureStatus(status))
        {
            var ex = new AuraApiException($"{label} ended '{status}': it cannot be used.", "AuraSnapshotFailed", ErrorCategory.InvalidResult)
            {
                RecommendedAction = "Take a new snapshot with New-AuraSnapshot, or use an earlier Completed one (Get-AuraSnapshot -Status Completed).",
            };
            return PollOutcome<AuraSnapshot>.Failed(ex, snapshot, status);
        }
        return PollOutcome<AuraSnapshot>.Pending(snapshot, status);
    }

    public static IEnumerable<string> KnownStatuses => new[] { "Completed", "InProgress", "Pending", "Failed", "Cancelled" };
}

/// <summary>
/// Waits for a resource with a plain status (customer-managed keys: pending to ready; graph analytics sessions:
/// Creating to Ready): done at one status, failed at others, waiting on anything else.
/// </summary>
internal sealed class StatusGoal<T>
{
    private readonly Func<T, string?> _status;
    private readonly string[] _failures;

    public StatusGoal(string done, Func<T, string?> status, string errorId, string recommendedAction, params string[] failures)
    {
        Description = done;
        _status = status;
        _failures = failures;
        ErrorId = errorId;
        RecommendedAction = recommendedAction;
    }

    public string Description { get; }
    public string ErrorId { get; }
    public string RecommendedAction { get; }

    public PollOutcome<T> Evaluate(T value, string label)
    {
        var status = _status(value) ?? "";
        if (string.Equals(status, Description, StringComparison.OrdinalIgnoreCase)) return PollOutcome<T>.Done(value, status);
        if (_failures.Any(f => string.Equals(f, status, StringComparison.OrdinalIgnoreCase)) || InstanceGoal.IsFailureStatus(status))
        {
            var ex = new AuraApiException($"The wait for {label} ended: it is '{status}' (waiting for '{Description}').", ErrorId, ErrorCategory.InvalidResult)
            {
                RecommendedAction = RecommendedAction,
            };
            return PollOutcome<T>.Failed(ex, value, status);
        }
        return PollOutcome<T>.Pending(value, status);
    }
}
