using System;
using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Models;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>
/// A cmdlet that waits for Aura operations (the Wait-* cmdlets, and the others with -Wait): adds -TimeoutSec and
/// -PollIntervalSec, and keeps one waiter per invocation so that piped items wait together; what is still
/// waiting after the last item is drained at the end.
/// </summary>
public abstract class AuraWaitingCmdlet<T> : AuraApiCmdlet where T : class
{
    private CmdletWaiter<T>? _waiter;

    /// <summary>Seconds allowed per instance or snapshot waited for (default 1800).</summary>
    [Parameter][ValidateRange(1, 86400)] public int TimeoutSec { get; set; } = 1800;

    /// <summary>Fixed seconds between polls (default: adaptive).</summary>
    [Parameter][ValidateRange(1, 3600)] public int PollIntervalSec { get; set; }

    /// <summary>The waiter of this invocation, made on first use (<see cref="InstanceWaiter"/> or <see cref="SnapshotWaiter"/>).</summary>
    internal abstract CmdletWaiter<T> CreateWaiter();

    /// <summary>Blocks (polling, emitting what finishes) until another operation may start.</summary>
    internal void MakeRoom() => (_waiter ??= CreateWaiter()).MakeRoom();

    /// <summary>Adds the wait for an operation that has started (after <see cref="MakeRoom"/>).</summary>
    internal void AddWait(WaitItem<T> item, bool pollNow = false) => _waiter!.Add(item, pollNow);

    protected override void End() => _waiter?.Drain();

    /// <summary>-PollIntervalSec when given, else null (adaptive).</summary>
    private int? PollInterval => MyInvocation.BoundParameters.ContainsKey(nameof(PollIntervalSec)) ? PollIntervalSec : null;

    /// <summary>A waiter for instance operations of this invocation.</summary>
    internal CmdletWaiter<AuraInstance> InstanceWaiter(int throttleLimit, Func<WaitItem<AuraInstance>, object?>? output = null)
    {
        var set = new WaitSet<AuraInstance>(Time, new InstancePoller(new ClientSource(Client)), Policy(throttleLimit));
        return new CmdletWaiter<AuraInstance>(this, set, Time, output ?? (item => OutputInstance(item)));
    }

    /// <summary>A waiter for snapshot operations of this invocation; a Failed snapshot's error carries the snapshot.</summary>
    internal CmdletWaiter<AuraSnapshot> SnapshotWaiter(int throttleLimit)
    {
        var set = new WaitSet<AuraSnapshot>(Time, new SnapshotPoller(new ClientSource(Client)), Policy(throttleLimit));
        return new CmdletWaiter<AuraSnapshot>(this, set, Time,
            item => AuraOutput.Wrap(item.Current),
            item => item.State == WaitState.Failed && item.Error is AuraApiException { ErrorId: "AuraSnapshotFailed" } ? AuraOutput.Wrap(item.Current) : item.Target);
    }

    private WaitPolicy Policy(int throttleLimit) => new()
    {
        Timeout = TimeSpan.FromSeconds(TimeoutSec),
        FixedInterval = PollInterval is { } p ? TimeSpan.FromSeconds(p) : null,
        ThrottleLimit = throttleLimit,
        RequestsPerMinute = Client.Options.RequestsPerMinute,
    };

    /// <summary>The wait for an instance operation that has started: keyed by id, labelled with the answer's name.</summary>
    internal static WaitItem<AuraInstance> InstanceWait(string id, AuraInstance answer, object target, InstanceGoal goal)
        => new(id, AuraText.Instance(id, answer.Name), answer, answer.Status, target) { Goal = goal, Expectation = goal.Description };

    /// <summary>The wait until a new (created or restored) instance runs; its one-time credential goes back on the final object.</summary>
    internal static WaitItem<AuraInstance> NewInstanceWait(AuraInstance created, object target)
    {
        var item = InstanceWait(created.Id, created, target, InstanceGoal.Running());
        item.Tag = created.Credential;
        return item;
    }

    /// <summary>The wait until a snapshot is Completed.</summary>
    internal static WaitItem<AuraSnapshot> SnapshotWait(string instanceId, string snapshotId, string instanceLabel, AuraSnapshot current, string? status, object target)
        => new($"{instanceId}/{snapshotId}", $"snapshot {snapshotId} of {instanceLabel}", current, status, target) { Expectation = SnapshotGoal.Description };

    /// <summary>A new instance as the API answered, with what the answer left out taken from the request.</summary>
    internal static void FillNewInstance(AuraInstance created, string name, string tenantId, string region, string cloudProvider, string type, string memory)
    {
        created.Name ??= name;
        created.TenantId ??= tenantId;
        created.Region ??= region;
        created.CloudProvider ??= cloudProvider;
        created.Type ??= type;
        created.Memory ??= memory;
    }

    /// <summary>The finished instance for output, with the one-time credential put back when the operation made one.</summary>
    private PSObject OutputInstance(WaitItem<AuraInstance> item)
    {
        var instance = item.Current;
        if (instance.Credential is null && item.Tag is PSCredential credential) instance.Credential = credential;
        AuraCache.RememberInstance(Conn, instance);
        return AuraOutput.Wrap(instance);
    }
}

/// <summary>A cmdlet that starts Aura operations and, with -Wait, waits for them to finish.</summary>
public abstract class AuraOperationCmdlet<T> : AuraWaitingCmdlet<T> where T : class
{
    /// <summary>Wait until the operation is done (the instance or snapshot has reached its new state).</summary>
    [Parameter] public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait, blocks until another operation may start; nothing without it.</summary>
    internal void MakeRoomIfWaiting()
    {
        if (Wait) MakeRoom();
    }

    /// <summary>Without -Wait, emits the answer that started the operation; with -Wait, adds the wait for it instead.</summary>
    internal void EmitOrWait(Func<object> answer, Func<WaitItem<T>> wait)
    {
        if (Wait) AddWait(wait());
        else WriteObject(answer());
    }
}
