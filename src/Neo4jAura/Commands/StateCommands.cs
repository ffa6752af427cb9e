using System;
using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Models;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>The desired state of Set-AuraInstanceState.</summary>
public enum AuraInstanceState
{
    Running,
    Paused,
}

/// <summary>Shared body of Set-AuraInstanceState, Suspend-AuraInstance and Resume-AuraInstance.</summary>
public abstract class InstanceStateCommandBase : AuraOperationCmdlet<AuraInstance>
{
    /// <summary>The instance.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    internal abstract AuraInstanceState Desired { get; }

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(50);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        var pause = Desired == AuraInstanceState.Paused;
        var label = InstanceLabel(id);

        MakeRoomIfWaiting();
        if (!ShouldProceed(label, pause ? "Pause (suspend) the instance" : "Resume the instance", force: false)) return;

        var result = Await(ct => pause ? Client.PauseInstanceAsync(id, ct) : Client.ResumeInstanceAsync(id, ct));
        if (string.IsNullOrEmpty(result.Id)) result.Id = id;
        Remember(result);
        EmitOrWait(() => AuraOutput.Wrap(result), () => InstanceWait(id, result, InstanceId, pause ? InstanceGoal.Paused() : InstanceGoal.Running()));
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

/// <summary>Waits until Aura instances have a status (running by default), together.</summary>
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

    /// <summary>The status to wait for (default running); 'destroyed' also accepts a deleted instance.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceStatusCompleter))]
    public string Status { get; set; } = "running";

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(1000);

    protected override void Execute()
    {
        var status = Status.Trim();
        var goal = string.Equals(status, "destroyed", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "deleted", StringComparison.OrdinalIgnoreCase)
            ? InstanceGoal.Deleted()
            : InstanceGoal.Status(status);
        foreach (var raw in InstanceId)
        {
            CurrentTarget = raw;
            try
            {
                var id = InputRules.Id(raw, nameof(InstanceId));
                MakeRoom();
                AddWait(new WaitItem<AuraInstance>(id, InstanceLabel(id), new AuraInstance { Id = id }, null, raw)
                {
                    Goal = goal,
                    Expectation = goal.IsDelete ? "deleted" : status,
                }, pollNow: true);
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }
}
