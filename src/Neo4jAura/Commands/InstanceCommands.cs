using System;
using System.Collections.Generic;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Models;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>Gets Aura instances by id, or lists them (optionally by name with wildcards, or by tenant).</summary>
[Cmdlet(VerbsCommon.Get, "AuraInstance", DefaultParameterSetName = ByNameSet)]
[OutputType(typeof(AuraInstance))]
public sealed class GetAuraInstanceCommand : AuraApiCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByNameSet = "ByName";

    /// <summary>Instances to get by id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string[] InstanceId { get; set; } = Array.Empty<string>();

    /// <summary>Instance name; wildcards allowed, case-insensitive.</summary>
    [Parameter(ParameterSetName = ByNameSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(InstanceNameCompleter))]
    public string? Name { get; set; }

    /// <summary>Only instances of this tenant.</summary>
    [Parameter(ParameterSetName = ByNameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string? TenantId { get; set; }

    protected override void Execute()
    {
        if (ParameterSetName == ByIdSet)
        {
            foreach (var raw in InstanceId)
            {
                try
                {
                    var id = InputRules.Id(raw, nameof(InstanceId));
                    var instance = Await(ct => Client.GetInstanceAsync(id, ct));
                    Remember(instance);
                    WriteObject(AuraOutput.Wrap(instance));
                }
                catch (AuraApiException ex)
                {
                    WriteError(ex.ToErrorRecord(raw));
                }
            }
            return;
        }

        string? tenantId = null;
        if (TenantId is not null)
        {
            CurrentTarget = TenantId;
            tenantId = InputRules.Id(TenantId, nameof(TenantId));
        }
        var pattern = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        var matched = 0;
        // Each instance goes down the pipeline as soon as it is parsed, not after the whole list.
        using (var list = Await(ct => Client.OpenInstanceListAsync(tenantId, ct)))
        {
            var seen = new List<AuraInstance>();
            foreach (var instance in list.Read(StopToken))
            {
                seen.Add(instance);
                if (pattern is not null && !pattern.IsMatch(instance.Name ?? "")) continue;
                matched++;
                WriteObject(AuraOutput.Wrap(instance));
            }
            AuraCache.RememberInstanceList(Conn, seen, complete: tenantId is null);
        }

        if (matched == 0 && Name is not null && !WildcardPattern.ContainsWildcardCharacters(Name))
        {
            var where = tenantId is null ? "" : $" in tenant {tenantId}";
            var ex = new AuraApiException($"Cannot find an Aura instance named '{Name}'{where}.", "AuraInstanceNotFound", ErrorCategory.ObjectNotFound)
            {
                RecommendedAction = "Run Get-AuraInstance to list the instances, or use wildcards in -Name.",
            };
            WriteError(ex.ToErrorRecord(Name));
        }
    }
}

/// <summary>Creates an Aura instance; the output carries the one-time password in its Credential.</summary>
[Cmdlet(VerbsCommon.New, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class NewAuraInstanceCommand : AuraOperationCmdlet<AuraInstance>
{
    /// <summary>Name of the new instance (at most 30 characters).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Tenant to create it in.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string TenantId { get; set; } = "";

    /// <summary>Cloud region, one the tenant offers for the type.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string Region { get; set; } = "";

    /// <summary>gcp, aws or azure.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CloudProviderCompleter))]
    public string CloudProvider { get; set; } = "";

    /// <summary>Instance type, e.g. enterprise-db.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string Type { get; set; } = "";

    /// <summary>Memory size, e.g. 8GB.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MemoryCompleter))]
    public string Memory { get; set; } = "";

    /// <summary>Neo4j version, e.g. 5.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Operations waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = Name;
        var name = InputRules.Name(Name);
        var tenantId = InputRules.Id(TenantId, nameof(TenantId));
        var choice = new TenantConfig.Choice
        {
            Type = Type.Trim(),
            Region = Region.Trim(),
            CloudProvider = CloudProvider.Trim(),
            Memory = InputRules.Memory(Memory),
        };
        var tenant = TenantOnce(tenantId);
        var problem = TenantConfig.Check(tenant, choice);
        if (problem is not null)
        {
            WriteError(InvalidArgument(problem, Name));
            return;
        }

        var request = new CreateInstanceRequest
        {
            Name = name,
            TenantId = tenantId,
            Region = choice.Region!,
            CloudProvider = choice.CloudProvider!,
            Type = choice.Type!,
            Memory = choice.Memory!,
            Version = Version?.Trim(),
        };
        var target = $"instance {name} in {AuraText.Tenant(tenant.Id, tenant.Name)}";
        var action = $"Create ({request.Type}, {request.Memory}, {request.CloudProvider} {request.Region}{(request.Version is null ? "" : ", Neo4j " + request.Version)})";

        MakeRoomIfWaiting();
        if (!ShouldProceed(target, action, force: false)) return;

        var created = Await(ct => Client.CreateInstanceAsync(request, ct));
        FillNewInstance(created, request.Name, request.TenantId, request.Region, request.CloudProvider, request.Type, request.Memory);
        Remember(created);
        EmitOrWait(() => AuraOutput.Wrap(created), () => NewInstanceWait(created, created.Id));
    }
}

/// <summary>Renames or resizes an Aura instance.</summary>
[Cmdlet(VerbsCommon.Set, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class SetAuraInstanceCommand : AuraOperationCmdlet<AuraInstance>
{
    /// <summary>The instance to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>New name (at most 30 characters).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>New memory size, e.g. 16GB.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MemoryCompleter))]
    public string? Memory { get; set; }

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(50);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        if (Name is null && Memory is null)
        {
            WriteError(InvalidArgument($"Nothing to change on {InstanceLabel(id)}: give -Name and/or -Memory.", InstanceId));
            return;
        }
        var request = new UpdateInstanceRequest
        {
            Name = Name is null ? null : InputRules.Name(Name),
            Memory = Memory is null ? null : InputRules.Memory(Memory),
        };
        var changes = new List<string>();
        if (request.Name is not null) changes.Add($"name to '{request.Name}'");
        if (request.Memory is not null) changes.Add($"memory to {request.Memory}");

        MakeRoomIfWaiting();
        if (!ShouldProceed(InstanceLabel(id), "Update " + string.Join(" and ", changes), force: false)) return;

        var updated = Await(ct => Client.UpdateInstanceAsync(id, request, ct));
        if (string.IsNullOrEmpty(updated.Id)) updated.Id = id;
        Remember(updated);
        EmitOrWait(() => AuraOutput.Wrap(updated), () =>
        {
            var settled = string.Equals(updated.Status, "paused", StringComparison.OrdinalIgnoreCase) ? "paused" : "running";
            return InstanceWait(id, updated, InstanceId, InstanceGoal.Settled(settled, request.Memory));
        });
    }
}

/// <summary>Deletes an Aura instance (High impact: prompts unless -Force or -Confirm:$false; -WhatIf always wins).</summary>
[Cmdlet(VerbsCommon.Remove, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(AuraInstance))]
public sealed class RemoveAuraInstanceCommand : AuraOperationCmdlet<AuraInstance>
{
    /// <summary>The instance to delete.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Delete without prompting (-WhatIf still only reports).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    /// <summary>Emit the instance as last seen.</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(50, item => PassThru ? AuraOutput.Wrap(item.Current) : null);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));

        // Know what is about to go (name for the prompt, last state for -PassThru); with -WhatIf send nothing at all.
        var instance = InstanceBeforeChange(id);
        var label = AuraText.Instance(id, instance?.Name);

        MakeRoomIfWaiting();
        if (!ShouldProceed(label, "Delete the instance and all its data", Force)) return;

        Await(ct => Client.DeleteInstanceAsync(id, ct));
        AuraCache.ForgetInstance(Conn, id);
        instance ??= new AuraInstance { Id = id };
        if (!Wait)
        {
            if (PassThru) WriteObject(AuraOutput.Wrap(instance));
            return;
        }
        AddWait(new WaitItem<AuraInstance>(id, label, instance, "destroying", InstanceId)
        {
            Goal = InstanceGoal.Deleted(),
            Expectation = "deleted",
        });
    }
}
