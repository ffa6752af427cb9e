using System;
using System.Collections.Generic;
using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>
/// Clones an instance into a new one from its current data (Aura snapshots the source now). Settings not given come
/// from the source; the output carries the new instance's one-time password in its Credential.
/// </summary>
[Cmdlet(VerbsCommon.Copy, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class CopyAuraInstanceCommand : AuraOperationCmdlet<AuraInstance>
{
    private readonly Dictionary<string, AuraInstance> _sources = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The instance to copy.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Name of the new instance; takes pipeline input by property name, so a script block can compute it per item.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Tenant of the copy (default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string? TenantId { get; set; }

    /// <summary>Region of the copy (default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>Cloud provider of the copy (default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CloudProviderCompleter))]
    public string? CloudProvider { get; set; }

    /// <summary>Type of the copy (default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string? Type { get; set; }

    /// <summary>Memory of the copy (default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MemoryCompleter))]
    public string? Memory { get; set; }

    /// <summary>Storage of the copy (default: the source's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorageCompleter))]
    public string? Storage { get; set; }

    /// <summary>Neo4j version of the copy (default 5).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VersionCompleter))]
    public string? Version { get; set; }

    /// <summary>Copies waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var sourceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var settings = new CloneSettings { Name = Name, TenantId = TenantId, Region = Region, CloudProvider = CloudProvider, Type = Type, Memory = Memory, Storage = Storage, Version = Version };
        settings.CheckGiven();
        var source = CloneSupport.Source(this, sourceId, _sources);
        var target = AuraText.Instance(sourceId, source?.Name);
        if (WhatIfRequested && source is null)
        {
            ShouldProcess(target, $"Copy to a new instance '{Name.Trim()}' (settings not given taken from the source)");
            return;
        }
        var request = CloneSupport.Request(this, source, sourceId, settings, sourceSnapshotId: null);

        MakeRoomIfWaiting();
        if (!ShouldProceed(target, "Copy its current data (Aura snapshots it now) to a new instance: " + CloneSupport.Describe(request), force: false)) return;

        var created = Await(ct => Client.Instances.CreateAsync(request, ct));
        this.EmitCreated(created, InstanceId);
    }
}
