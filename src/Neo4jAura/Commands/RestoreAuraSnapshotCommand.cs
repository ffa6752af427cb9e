using System;
using System.Collections.Generic;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>
/// Restores a snapshot three ways: to a new instance (NewInstance: a clone from an exportable snapshot, ConfirmImpact
/// Medium), into another existing instance (Overwrite), or into its own instance (InPlace). Overwrite and InPlace
/// replace data, so they are treated as ConfirmImpact High: they prompt by default, naming the instance whose data
/// is replaced; -Force skips the prompt, -WhatIf sends nothing.
/// </summary>
[Cmdlet(VerbsData.Restore, "AuraSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NewInstanceSet)]
[OutputType(typeof(AuraInstance))]
public sealed class RestoreAuraSnapshotCommand : AuraOperationCmdlet<AuraInstance>
{
    private const string NewInstanceSet = "NewInstance";
    private const string OverwriteSet = "Overwrite";
    private const string InPlaceSet = "InPlace";
    private readonly Dictionary<string, AuraInstance> _sources = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The instance the snapshot belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>The snapshot to restore.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotIdCompleter))]
    public string SnapshotId { get; set; } = "";

    /// <summary>Name of the new instance; takes pipeline input by property name, so a script block can compute it per item.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Memory of the new instance (default: the source instance's).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MemoryCompleter))]
    public string? Memory { get; set; }

    /// <summary>Storage of the new instance (default: the source instance's).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorageCompleter))]
    public string? Storage { get; set; }

    /// <summary>Region of the new instance (default: the source instance's).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>Cloud provider of the new instance (default: the source instance's).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CloudProviderCompleter))]
    public string? CloudProvider { get; set; }

    /// <summary>Type of the new instance (default: the source instance's).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string? Type { get; set; }

    /// <summary>Tenant of the new instance (default: the source instance's).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string? TenantId { get; set; }

    /// <summary>Neo4j version of the new instance (default 5).</summary>
    [Parameter(ParameterSetName = NewInstanceSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VersionCompleter))]
    public string? Version { get; set; }

    /// <summary>The existing instance whose data is REPLACED by the snapshot.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OverwriteSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string TargetInstanceId { get; set; } = "";

    /// <summary>Restore the snapshot into its own instance: the instance's current data is REPLACED.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InPlaceSet)]
    public SwitchParameter InPlace { get; set; }

    /// <summary>Replace without prompting (-WhatIf still only reports).</summary>
    [Parameter(ParameterSetName = OverwriteSet)]
    [Parameter(ParameterSetName = InPlaceSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>Operations waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = SnapshotId;
        var instanceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var snapshotId = InputRules.Id(SnapshotId, nameof(SnapshotId));
        switch (ParameterSetName)
        {
            case OverwriteSet: Overwrite(instanceId, snapshotId); break;
            case InPlaceSet: RestoreInPlace(instanceId, snapshotId); break;
            default: RestoreToNew(instanceId, snapshotId); break;
        }
    }

    private void RestoreToNew(string instanceId, string snapshotId)
    {
        var settings = new CloneSettings
        {
            Name = Name, TenantId = TenantId, Region = Region, CloudProvider = CloudProvider, Type = Type, Memory = Memory, Storage = Storage, Version = Version,
        };
        settings.CheckGiven();
        var source = CloneSupport.Source(this, instanceId, _sources);
        var sourceText = AuraText.Instance(instanceId, source?.Name);
        if (!WhatIfRequested)
        {
            // A new instance can only be made from an exportable, Completed snapshot: checked before anything is created.
            var snapshot = Await(ct => Client.Snapshots.GetAsync(instanceId, snapshotId, ct));
            CloneSupport.CheckExportable(snapshot, sourceText);
        }
        var target = AuraText.Snapshot(snapshotId, instanceId, source?.Name);
        if (WhatIfRequested && source is null)
        {
            ShouldProcess(target, $"Restore to a new instance '{Name.Trim()}' (settings not given taken from the source instance)");
            return;
        }
        var request = CloneSupport.Request(this, source, instanceId, settings, snapshotId);

        MakeRoomIfWaiting();
        if (!ShouldProceed(target, "Restore to a new instance: " + CloneSupport.Describe(request), force: false)) return;

        var created = Await(ct => Client.Instances.CreateAsync(request, ct));
        this.EmitCreated(created, SnapshotId);
    }

    private void Overwrite(string instanceId, string snapshotId)
    {
        CurrentTarget = TargetInstanceId;
        var targetId = InputRules.Id(TargetInstanceId, nameof(TargetInstanceId));
        if (string.Equals(targetId, instanceId, StringComparison.OrdinalIgnoreCase))
        {
            throw InputRules.Invalid($"-TargetInstanceId is the snapshot's own instance {instanceId}: to restore an instance from one of its own snapshots use -InPlace.");
        }

        // The prompt names the target by name and id: look it up unless -WhatIf (which sends nothing at all).
        var target = InstanceBeforeChange(targetId);
        var source = CloneSupport.Source(this, instanceId, _sources);
        if (target is not null && source is not null && IsSmaller(target, source))
        {
            throw InputRules.Invalid(
                $"{AuraText.Instance(targetId, target.Name)} ({target.Memory} memory, {target.Storage?.Text ?? "no"} storage) is smaller than the source {AuraText.Instance(instanceId, source.Name)} " +
                $"({source.Memory} memory, {source.Storage?.Text ?? "no"} storage): Aura cannot overwrite an instance with a larger one's data. Resize it first (Set-AuraInstance -Memory -Storage).");
        }
        var sourceName = source?.Name ?? AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge)?.Name;
        var description = AuraText.OverwriteDescription(targetId, target?.Name, snapshotId, instanceId, sourceName);
        var question = AuraText.OverwriteQuestion(targetId, target?.Name, snapshotId, instanceId, sourceName);

        MakeRoomIfWaiting();
        if (!ShouldProceed(description, question, AuraText.OverwriteCaption, Force, highImpact: true, forceHint: true)) return;

        var request = new OverwriteInstanceRequest { SourceInstanceId = instanceId, SourceSnapshotId = snapshotId };
        var result = Await(ct => Client.Instances.OverwriteAsync(targetId, request, ct));
        InstancePoller.Merge(target, result);
        Remember(result);
        EmitOrWait(() => AuraOutput.Wrap(result), () => InstanceWait(targetId, result, TargetInstanceId, InstanceGoal.Running()));
    }

    /// <summary>True when the target has less memory or storage than the source (Aura refuses such an overwrite).</summary>
    private static bool IsSmaller(AuraInstance target, AuraInstance source)
        => (target.Memory is { Bytes: not null } && source.Memory is { Bytes: not null } && target.Memory.CompareTo(source.Memory) < 0)
           || (target.Storage is { Bytes: not null } && source.Storage is { Bytes: not null } && target.Storage.CompareTo(source.Storage) < 0);

    private void RestoreInPlace(string instanceId, string snapshotId)
    {
        CurrentTarget = InstanceId;
        var instance = InstanceBeforeChange(instanceId);
        var taken = WhatIfRequested ? null : Await(ct => Client.Snapshots.GetAsync(instanceId, snapshotId, ct)).Timestamp;
        var description = AuraText.InPlaceDescription(instanceId, instance?.Name, snapshotId, taken);
        var question = AuraText.InPlaceQuestion(instanceId, instance?.Name, snapshotId, taken);

        MakeRoomIfWaiting();
        if (!ShouldProceed(description, question, AuraText.InPlaceCaption, Force, highImpact: true, forceHint: true)) return;

        var result = Await(ct => Client.Snapshots.RestoreInPlaceAsync(instanceId, snapshotId, ct));
        InstancePoller.Merge(instance, result);
        Remember(result);
        EmitOrWait(() => AuraOutput.Wrap(result), () => InstanceWait(instanceId, result, InstanceId, InstanceGoal.Running()));
    }
}
