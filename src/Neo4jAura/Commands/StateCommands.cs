using System;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>The desired state of Set-AuraInstanceState.</summary>
public enum AuraInstanceState
{
    Running,
    Paused,
}

/// <summary>
/// Shared body of Set-AuraInstanceState, Suspend-AuraInstance and Resume-AuraInstance. An instance already in (or
/// moving to) the wanted state is no error: it is returned as it is and nothing is sent (with -Wait, once it is there).
/// </summary>
public abstract class InstanceStateCommandBase : AuraOperationCmdlet<AuraInstance>
{
    private static readonly string[] PausedOrPausing = { "paused", "pausing" };
    private static readonly string[] RunningOrResuming = { "running", "resuming" };

    /// <summary>The instance.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Operations waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal abstract AuraInstanceState Desired { get; }

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        var pause = Desired == AuraInstanceState.Paused;
        var goal = pause ? InstanceGoal.Paused() : InstanceGoal.Running();

        // Where it stands now (with -WhatIf only what the cache knows: nothing is sent).
        var before = InstanceBeforeChange(id);
        var label = AuraText.Instance(id, before?.Name);
        if (before is not null && (pause ? PausedOrPausing : RunningOrResuming).Contains(before.Status ?? "", StringComparer.OrdinalIgnoreCase))
        {
            WriteVerbose($"{label} is already {before.Status}: nothing to do.");
            if (!WhatIfRequested)
            {
                MakeRoomIfWaiting();
                EmitOrWait(() => AuraOutput.Wrap(before), () => InstanceWait(id, before, InstanceId, goal));
            }
            return;
        }

        MakeRoomIfWaiting();
        if (!ShouldProceed(label, pause ? "Pause (suspend) the instance" : "Resume the instance", force: false)) return;

        var result = Await(ct => pause ? Client.Instances.PauseAsync(id, ct) : Client.Instances.ResumeAsync(id, ct));
        InstancePoller.Merge(before, result);
        Remember(result);
        EmitOrWait(() => AuraOutput.Wrap(result), () => InstanceWait(id, result, InstanceId, goal));
    }
}

/// <summary>Pauses or resumes an Aura instance.</summary>
[Cmdlet(VerbsCommon.Set, "AuraInstanceState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class SetAuraInstanceStateCommand : InstanceStateCommandBase
{
    /// <summary>Running or Paused.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public AuraInstanceState State { get; set; }

    internal override AuraInstanceState Desired => State;
}

/// <summary>Pauses an Aura instance (compute stops, data is kept).</summary>
[Cmdlet(VerbsLifecycle.Suspend, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class SuspendAuraInstanceCommand : InstanceStateCommandBase
{
    internal override AuraInstanceState Desired => AuraInstanceState.Paused;
}

/// <summary>Resumes a paused Aura instance.</summary>
[Cmdlet(VerbsLifecycle.Resume, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class ResumeAuraInstanceCommand : InstanceStateCommandBase
{
    internal override AuraInstanceState Desired => AuraInstanceState.Running;
}

/// <summary>Waits until Aura instances have a status (running by default; deleted waits until they are gone), together.</summary>
[Cmdlet(VerbsLifecycle.Wait, "AuraInstance")]
[OutputType(typeof(AuraInstance))]
public sealed class WaitAuraInstanceCommand : AuraWaitingCmdlet<AuraInstance>
{
    /// <summary>The instances to wait for.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string[] InstanceId { get; set; } = Array.Empty<string>();

    /// <summary>The status to wait for (default running); deleted waits until Aura no longer knows the instance.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceStatusCompleter))]
    public string Status { get; set; } = "running";

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(1000);

    protected override void Execute()
    {
        var status = Status.Trim();
        var goal = status.ToLowerInvariant() is "deleted" or "destroyed" or "gone" ? InstanceGoal.Deleted() : InstanceGoal.Status(status);
        foreach (var raw in InstanceId)
        {
            CurrentTarget = raw;
            try
            {
                var id = InputRules.Id(raw, nameof(InstanceId));
                MakeRoom();
                var known = AuraCache.FindInstance(Conn, id, AuraCache.LabelMaxAge)?.Clone() ?? new AuraInstance { Id = id };
                AddWait(new WaitItem<AuraInstance>(id, InstanceLabel(id), known, null, raw)
                {
                    Goal = goal,
                    Expectation = goal.Description,
                }, pollNow: true);
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }
}
