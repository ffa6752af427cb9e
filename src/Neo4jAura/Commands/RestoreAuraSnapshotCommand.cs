using System;
using System.Collections.Generic;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Models;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>
/// Restores a snapshot to a new instance (NewInstance, ConfirmImpact Medium), or overwrites an existing instance's
/// data with it (Overwrite: treated as ConfirmImpact High, so it prompts by default; -Force skips the prompt).
/// </summary>
[Cmdlet(VerbsData.Restore, "AuraSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NewInstanceSet)]
[OutputType(typeof(AuraInstance))]
public sealed class RestoreAuraSnapshotCommand : AuraOperationCmdlet<AuraInstance>
{
    private const string NewInstanceSet = "NewInstance";
    private const string OverwriteSet = "Overwrite";
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

    /// <summary>The existing instance whose data is REPLACED by the snapshot.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OverwriteSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string TargetInstanceId { get; set; } = "";

    /// <summary>Overwrite without prompting (-WhatIf still only reports).</summary>
    [Parameter(ParameterSetName = OverwriteSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>Operations waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = SnapshotId;
        var instanceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var snapshotId = InputRules.Id(SnapshotId, nameof(SnapshotId));
        if (ParameterSetName == OverwriteSet) Overwrite(instanceId, snapshotId);
        else RestoreToNew(instanceId, snapshotId);
    }

    private void RestoreToNew(string instanceId, string snapshotId)
    {
        var name = InputRules.Name(Name);
        var memory = Memory is null ? null : InputRules.Memory(Memory);
        var tenantId = TenantId is null ? null : InputRules.Id(TenantId, nameof(TenantId));

        AuraInstance? source = null;
        if (memory is null || Region is null || CloudProvider is null || Type is null || tenantId is null)
        {
            if (!_sources.TryGetValue(instanceId, out source))
            {
                source = Await(ct => Client.GetInstanceAsync(instanceId, ct));
                Remember(source);
                _sources[instanceId] = source;
            }
        }
        var request = new RestoreSnapshotRequest
        {
            Name = name,
            Memory = memory ?? source!.Memory ?? "",
            Region = Region?.Trim() ?? source!.Region ?? "",
            CloudProvider = CloudProvider?.Trim() ?? source!.CloudProvider ?? "",
            Type = Type?.Trim() ?? source!.Type ?? "",
            TenantId = tenantId ?? source!.TenantId ?? "",
        };
        var missing = new List<string>();
        if (request.Memory.Length == 0) missing.Add("-Memory");
        if (request.Region.Length == 0) missing.Add("-Region");
        if (request.CloudProvider.Length == 0) missing.Add("-CloudProvider");
        if (request.Type.Length == 0) missing.Add("-Type");
        if (request.TenantId.Length == 0) missing.Add("-TenantId");
        if (missing.Count > 0)
        {
            WriteError(InvalidArgument($"The source {AuraText.Instance(instanceId, source?.Name)} does not say its {string.Join(", ", missing)}; give {(missing.Count == 1 ? "it" : "them")} explicitly.", SnapshotId));
            return;
        }

        if (Memory is not null || Region is not null || CloudProvider is not null || Type is not null || TenantId is not null)
        {
            var tenant = TenantOnce(request.TenantId);
            var choice = new TenantConfig.Choice { Type = request.Type, Region = request.Region, CloudProvider = request.CloudProvider, Memory = request.Memory };
            var problem = TenantConfig.Check(tenant, choice);
            if (problem is not null)
            {
                WriteError(InvalidArgument(problem, SnapshotId));
                return;
            }
            request.Type = choice.Type!; request.Region = choice.Region!; request.CloudProvider = choice.CloudProvider!; request.Memory = choice.Memory!;
        }

        var sourceName = source?.Name ?? AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge)?.Name;
        var target = AuraText.Snapshot(snapshotId, instanceId, sourceName);
        var action = $"Restore to a new instance '{request.Name}' ({request.Type}, {request.Memory}, {request.CloudProvider} {request.Region})";

        MakeRoomIfWaiting();
        if (!ShouldProceed(target, action, force: false)) return;

        var created = Await(ct => Client.RestoreSnapshotAsync(instanceId, snapshotId, request, ct));
        FillNewInstance(created, request.Name, request.TenantId, request.Region, request.CloudProvider, request.Type, request.Memory);
        Remember(created);
        EmitOrWait(() => AuraOutput.Wrap(created), () => NewInstanceWait(created, SnapshotId));
    }

    private void Overwrite(string instanceId, string snapshotId)
    {
        CurrentTarget = TargetInstanceId;
        var targetId = InputRules.Id(TargetInstanceId, nameof(TargetInstanceId));

        // The prompt names the target by name and id: look it up unless -WhatIf (which sends nothing at all).
        var target = InstanceBeforeChange(targetId);
        var sourceName = AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge)?.Name;
        var description = AuraText.OverwriteDescription(targetId, target?.Name, snapshotId, instanceId, sourceName);
        var question = AuraText.OverwriteQuestion(targetId, target?.Name, snapshotId, instanceId, sourceName);

        MakeRoomIfWaiting();
        if (!ShouldProceed(description, question, AuraText.OverwriteCaption, Force, highImpact: true)) return;

        var request = new OverwriteInstanceRequest { SourceInstanceId = instanceId, SourceSnapshotId = snapshotId };
        var result = Await(ct => Client.OverwriteInstanceAsync(targetId, request, ct));
        if (string.IsNullOrEmpty(result.Id)) result.Id = targetId;
        InstancePoller.Merge(target, result);
        Remember(result);
        EmitOrWait(() => AuraOutput.Wrap(result), () => InstanceWait(targetId, result, TargetInstanceId, InstanceGoal.Running()));
    }
}
