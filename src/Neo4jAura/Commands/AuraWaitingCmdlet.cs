using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
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

    /// <summary>Seconds allowed per item waited for (default 1800).</summary>
    [Parameter][ValidateRange(1, 86400)] public int TimeoutSec { get; set; } = 1800;

    /// <summary>Fixed seconds between polls (default: adaptive).</summary>
    [Parameter][ValidateRange(1, 3600)] public int PollIntervalSec { get; set; }

    /// <summary>The waiter of this invocation, made on first use (<see cref="InstanceWaiter"/>, <see cref="SnapshotWaiter"/> or <see cref="StatusWaiter{TItem}"/>).</summary>
    internal abstract CmdletWaiter<T> CreateWaiter();

    /// <summary>Blocks (polling, emitting what finishes) until another operation may start.</summary>
    internal void MakeRoom() => (_waiter ??= CreateWaiter()).MakeRoom();

    /// <summary>Adds the wait for an operation that has started (after <see cref="MakeRoom"/>).</summary>
    internal void AddWait(WaitItem<T> item, bool pollNow = false) => (_waiter ??= CreateWaiter()).Add(item, pollNow);

    protected override void End()
    {
        _waiter?.Drain();
        // After the output, so nothing the warning does (it may ask, with -Debug) can come between the user and the password.
        if (_passwordToWarnOf is not null) WarnIfPasswordWouldBeLost(_passwordToWarnOf);
    }

    private AuraInstance? _passwordToWarnOf;

    /// <summary>Polls until one of the items in flight finishes; false when nothing is in flight.</summary>
    internal bool WaitForOneToFinish()
    {
        if (_waiter is null || _waiter.Count == 0) return false;
        _waiter.WaitUntilFewerThan(_waiter.Count);
        return true;
    }

    /// <summary>-PollIntervalSec when given, else null (adaptive).</summary>
    private int? PollInterval => MyInvocation.BoundParameters.ContainsKey(nameof(PollIntervalSec)) ? PollIntervalSec : null;

    /// <summary>
    /// A waiter for instance operations of this invocation. An error's TargetObject is the instance as last seen, with
    /// the one-time credential of a new instance (so it is never lost, and `$e.TargetObject | Wait-AuraInstance` resumes).
    /// </summary>
    internal CmdletWaiter<AuraInstance> InstanceWaiter(int throttleLimit, Func<WaitItem<AuraInstance>, object?>? output = null)
    {
        var set = new WaitSet<AuraInstance>(Time, new InstancePoller(new ClientSource(Client)), Policy(throttleLimit));
        return new CmdletWaiter<AuraInstance>(this, set, Time, output ?? (item => OutputInstance(item)), OutputInstance);
    }

    /// <summary>A waiter for snapshot operations; an error's TargetObject is the snapshot (so `| Wait-AuraSnapshot` resumes).</summary>
    internal CmdletWaiter<AuraSnapshot> SnapshotWaiter(int throttleLimit)
    {
        var set = new WaitSet<AuraSnapshot>(Time, new SnapshotPoller(new ClientSource(Client), Time), Policy(throttleLimit));
        return new CmdletWaiter<AuraSnapshot>(this, set, Time, item => AuraOutput.Wrap(item.Current), item => AuraOutput.Wrap(item.Current));
    }

    /// <summary>A waiter for resources with a plain status (keys, sessions): their own GET, the same machinery.</summary>
    internal CmdletWaiter<TItem> StatusWaiter<TItem>(Func<string, CancellationToken, Task<TItem>> get, StatusGoal<TItem> goal, Func<TItem, object> wrap, int throttleLimit = 50)
        where TItem : class
    {
        var set = new WaitSet<TItem>(Time, new StatusPoller<TItem>(get, goal), Policy(throttleLimit));
        return new CmdletWaiter<TItem>(this, set, Time, item => wrap(item.Current), item => wrap(item.Current));
    }

    private WaitPolicy Policy(int throttleLimit) => new()
    {
        Timeout = TimeSpan.FromSeconds(TimeoutSec),
        FixedInterval = PollInterval is { } p ? TimeSpan.FromSeconds(p) : null,
        ThrottleLimit = throttleLimit,
        RequestsPerMinute = Client.Transport.Pacer.RequestsPerMinute,
    };

    /// <summary>The wait for an instance operation that has started: keyed by id, labelled with the answer's name.</summary>
    internal static WaitItem<AuraInstance> InstanceWait(string id, AuraInstance answer, object target, InstanceGoal goal)
        => new(id, AuraText.Instance(id, answer.Name), answer, answer.Status, target) { Goal = goal, Expectation = goal.Description };

    /// <summary>The wait until a snapshot is Completed, labelled with the instance's name first.</summary>
    internal static WaitItem<AuraSnapshot> SnapshotWait(string instanceId, string snapshotId, string? instanceName, AuraSnapshot current, string? status, object target)
        => new($"{instanceId}/{snapshotId}", AuraText.SnapshotLabel(snapshotId, instanceId, instanceName), current, status, target) { Expectation = SnapshotGoal.Description };

    /// <summary>
    /// A new instance's one-time password reaches the user only in the output's Credential: when that output is not
    /// kept (the command is a statement of its own), say so once, and where the password is kept for the session.
    /// </summary>
    internal void WarnIfPasswordWouldBeLost(AuraInstance created)
    {
        if (created.Credential is null || _warnedOfPassword) return;
        if (string.Equals(Host?.Name, "ServerRemoteHost", StringComparison.Ordinal))
        {
            // A job or a remote session: its output reaches the caller serialised, without the Credential (never
            // serialised), and this session's CreatedInstances ends with it. Only code here can keep the password.
            _warnedOfPassword = true;
            Warn($"The one-time password of {AuraText.Instance(created.Id, created.Name)} does not leave this job or remote session: its output reaches the caller without the Credential. "
                 + "Read it here and store it (a vault, a secret store): $i.Credential.GetNetworkCredential().Password, where $i is the output.");
            return;
        }
        if (OutputIsCaptured() != false) return;
        _warnedOfPassword = true;
        Warn($"The one-time password of {AuraText.Instance(created.Id, created.Name)} is only in the Credential property of this output, which is not stored in a variable: "
                     + $"Aura shows it once. It is kept for this session: ((Get-AuraConnection).CreatedInstances | Where-Object Id -eq '{created.Id}').Credential.GetNetworkCredential().Password. "
                     + "Next time store the output: $i = " + MyInvocation.MyCommand.Name + " ...");
    }

    private bool _warnedOfPassword;

    /// <summary>The finished instance for output, with the one-time credential put back when the operation made one.</summary>
    private PSObject OutputInstance(WaitItem<AuraInstance> item)
    {
        var instance = item.Current;
        if (instance.Credential is null && item.Tag is PSCredential credential) instance.Credential = credential;
        if (item.State == WaitState.Done && instance.Credential is not null) _passwordToWarnOf ??= instance;
        if (instance.Status != InstanceGoal.DeletedStatus) AuraCache.RememberInstance(Conn, instance);
        return AuraOutput.Wrap(instance);
    }
}

/// <summary>A cmdlet that starts Aura operations and, with -Wait, waits for them to finish.</summary>
public abstract class AuraOperationCmdlet<T> : AuraWaitingCmdlet<T> where T : class
{
    /// <summary>Wait until the operation is done (the instance, snapshot, key or session has reached its new state).</summary>
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

/// <summary>Extensions of the operation cmdlets that make instances (create, copy, clone from a snapshot).</summary>
internal static class NewInstanceOutput
{
    /// <summary>
    /// A new instance: emitted at once (its one-time credential in Credential), or with -Wait added to the waits with
    /// the credential as the item's tag, so it comes back on the final object, and on the error's TargetObject if the
    /// wait fails, times out or is stopped.
    /// </summary>
    internal static void EmitCreated(this AuraOperationCmdlet<AuraInstance> cmdlet, AuraInstance created, object target)
    {
        cmdlet.Remember(created);
        cmdlet.Conn.KeepCreated(created);
        var waitable = AuraInput.IsValidId(created.Id);
        if (!cmdlet.Wait || !waitable)
        {
            cmdlet.WriteObject(AuraOutput.Wrap(created));
            cmdlet.WarnIfPasswordWouldBeLost(created);
            // An id that cannot go into a request path cannot be polled: the instance (and its password) is out, unwaited.
            if (cmdlet.Wait) cmdlet.WriteError(AuraErrors.UnwaitableCreatedId(created.Id, created.Name).ToErrorRecord(created.Id));
            return;
        }
        var item = AuraWaitingCmdlet<AuraInstance>.InstanceWait(created.Id, created, target, InstanceGoal.Running());
        item.Tag = created.Credential;
        cmdlet.Pending(created);
        cmdlet.AddWait(item);
    }
}
