using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>CDC enrichment modes of Set-AuraInstance (the API's OFF, DIFF, FULL).</summary>
public enum AuraCdcEnrichmentMode
{
    Off,
    Diff,
    Full,
}

/// <summary>
/// Gets Aura instances by id, or lists them (by name with wildcards, by tenant): full objects (the list's summaries
/// with each match's details fetched), or with -Summary the list's summaries from one request.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AuraInstance", DefaultParameterSetName = ByNameSet)]
[OutputType(typeof(AuraInstance), typeof(AuraInstanceSummary))]
public sealed class GetAuraInstanceCommand : AuraApiCmdlet
{
    private const string ByIdSet = "ById";
    private const string ByNameSet = "ByName";
    private static readonly Regex AuraIdShape = new("^[0-9a-f]{8}$", RegexOptions.CultureInvariant);

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

    /// <summary>Only instances of this tenant (its id, or its name when unambiguous).</summary>
    [Parameter(ParameterSetName = ByNameSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string? TenantId { get; set; }

    /// <summary>Only what the list request tells (id, name, tenant, cloud provider, creation time): one request, no details.</summary>
    [Parameter(ParameterSetName = ByNameSet)]
    public SwitchParameter Summary { get; set; }

    protected override void Execute()
    {
        if (ParameterSetName == ByIdSet)
        {
            var ids = new List<(string Raw, string Id)>();
            foreach (var raw in InstanceId)
            {
                try
                {
                    ids.Add((raw, InputRules.Id(raw, nameof(InstanceId))));
                }
                catch (AuraApiException ex)
                {
                    WriteError(ex.ToErrorRecord(raw));
                }
            }
            foreach (var (item, instance, error) in FetchEach(ids, (i, ct) => Client.Instances.GetAsync(i.Id, ct), "Getting Aura instances", i => i.Id))
            {
                if (error is not null) WriteError(NameHint(error, item.Id).ToErrorRecord(item.Raw));
                else Emit(instance!);
            }
            return;
        }

        // Check everything the user typed before anything is sent.
        var pattern = Name is null ? null : InputRules.Wildcard(Name, nameof(Name));
        string? tenantId = null;
        if (TenantId is not null)
        {
            CurrentTarget = TenantId;
            tenantId = TenantIdOf(TenantId);
        }

        var matched = new List<AuraInstanceSummary>();
        using (var list = Await(ct => Client.Instances.OpenListAsync(tenantId, ct)))
        {
            var seen = new List<AuraInstanceSummary>();
            foreach (var summary in list.Read(StopToken))
            {
                seen.Add(summary);
                if (pattern is not null && !pattern.IsMatch(summary.Name ?? "")) continue;
                // -Summary: each summary goes down the pipeline as soon as it is parsed.
                if (Summary) WriteObject(AuraOutput.Wrap(summary));
                else matched.Add(summary);
            }
            AuraCache.RememberInstanceSummaries(Conn, seen, complete: tenantId is null);
            if (Summary && seen.Count > 0 && (pattern is null || seen.Any(s => pattern.IsMatch(s.Name ?? "")))) return;
        }

        foreach (var (summary, instance, error) in FetchEach(matched, (s, ct) => FetchListed(s.Id, AuraText.Listed("instance", s.Name), id => Client.Instances.GetAsync(id, ct)), "Getting Aura instance details", s => AuraText.Instance(s.Id, s.Name)))
        {
            if (error is null)
            {
                Emit(instance!);
            }
            else if (error.StatusCode == 404)
            {
                // Deleted between the list and the details: it is gone, not an error.
                WriteVerbose($"{AuraText.Instance(summary.Id, summary.Name)} was listed but is gone now; skipped.");
            }
            else
            {
                WriteError(error.ToErrorRecord(summary.Id));
            }
        }

        if (matched.Count == 0 && !Summary && Name is not null && !WildcardPattern.ContainsWildcardCharacters(Name))
        {
            var where = tenantId is null ? "" : $" in tenant {tenantId}";
            var ex = new AuraApiException($"Cannot find an Aura instance named '{Name}'{where}.", "AuraInstanceNotFound", ErrorCategory.ObjectNotFound)
            {
                RecommendedAction = "Run Get-AuraInstance -Summary to list the instances, or use wildcards in -Name.",
            };
            WriteError(ex.ToErrorRecord(Name));
        }
    }

    private void Emit(AuraInstance instance)
    {
        Remember(instance);
        WriteObject(AuraOutput.Wrap(instance));
    }

    /// <summary>A 404 for something that does not look like an Aura id (8 hex digits) probably got a name: say so.</summary>
    private static AuraApiException NameHint(AuraApiException error, string id)
    {
        if (error.StatusCode != 404 || AuraIdShape.IsMatch(id)) return error;
        return new AuraApiException(
            $"{error.Message} '{id}' does not look like an instance id (8 hexadecimal digits, e.g. a1b2c3d4): if it is a name, use Get-AuraInstance -Name '{id}'.",
            error.ErrorId, error.Category, error)
        {
            StatusCode = error.StatusCode,
            Method = error.Method,
            Path = error.Path,
            RequestId = error.RequestId,
            ApiErrors = error.ApiErrors,
            RecommendedAction = $"Run Get-AuraInstance -Name '{id}' (wildcards allowed), or Get-AuraInstance -Summary to see the ids.",
        };
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

    /// <summary>Tenant to create it in (its id, or its name when unambiguous).</summary>
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

    /// <summary>Instance type, e.g. enterprise-db or professional-db.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string Type { get; set; } = "";

    /// <summary>Memory size, e.g. 8GB.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MemoryCompleter))]
    public string Memory { get; set; } = "";

    /// <summary>Storage size, e.g. 16GB (default: what the tenant offers with the memory).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorageCompleter))]
    public string? Storage { get; set; }

    /// <summary>Neo4j version (default 5: Aura's latest).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VersionCompleter))]
    public string Version { get; set; } = "5";

    /// <summary>Optimise the instance for vector search.</summary>
    [Parameter] public SwitchParameter VectorOptimized { get; set; }

    /// <summary>Add the graph analytics plugin.</summary>
    [Parameter] public SwitchParameter GraphAnalyticsPlugin { get; set; }

    /// <summary>Encrypt with this customer-managed key (a ready key of the same tenant, cloud, region and type).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ReadyCustomerManagedKeyIdCompleter))]
    public string? CustomerManagedKeyId { get; set; }

    /// <summary>Not applied when creating: set secondaries with Set-AuraInstance once the instance runs.</summary>
    [Parameter] public int? SecondariesCount { get; set; }

    /// <summary>Not applied when creating: set the CDC enrichment mode with Set-AuraInstance once the instance runs.</summary>
    [Parameter] public AuraCdcEnrichmentMode? CdcEnrichmentMode { get; set; }

    /// <summary>Operations waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = Name;
        var name = InputRules.Name(Name);
        if (SecondariesCount is not null || CdcEnrichmentMode is not null)
        {
            var what = SecondariesCount is not null ? "-SecondariesCount" : "-CdcEnrichmentMode";
            throw InputRules.Invalid(
                $"{what} is not applied when an instance is created: create it first, then run Set-AuraInstance -InstanceId <id> {what} ... once it is running (e.g. New-AuraInstance ... -Wait | Set-AuraInstance {what} ...).");
        }
        var memory = InputRules.Size(Memory, nameof(Memory));
        var storage = Storage is null ? null : InputRules.Size(Storage, nameof(Storage));
        var version = InputRules.Version(Version);
        var keyId = CustomerManagedKeyId is null ? null : InputRules.Id(CustomerManagedKeyId, nameof(CustomerManagedKeyId));
        var tenantId = TenantIdOf(TenantId);
        var choice = new TenantConfig.Choice
        {
            Type = Type.Trim(), Region = Region.Trim(), CloudProvider = CloudProvider.Trim(), Memory = memory, Storage = storage, Version = version,
        };
        var tenant = TenantOnce(tenantId);
        var problem = TenantConfig.Check(tenant, choice);
        if (problem is not null) throw InputRules.Invalid(problem);

        var request = new CreateInstanceRequest
        {
            Name = name,
            TenantId = tenantId,
            Region = choice.Region!,
            CloudProvider = choice.CloudProvider!,
            Type = choice.Type!,
            Memory = choice.Memory!.Text,
            Storage = choice.Storage?.Text,
            Version = choice.Version!,
            CustomerManagedKeyId = keyId,
            VectorOptimized = Switch(nameof(VectorOptimized), VectorOptimized),
            GraphAnalyticsPlugin = Switch(nameof(GraphAnalyticsPlugin), GraphAnalyticsPlugin),
        };
        var target = $"instance {name} in {AuraText.Tenant(tenant.Id, tenant.Name)}";
        var action = $"Create ({AuraText.Shape(request.Type, request.Memory, request.Storage, request.CloudProvider, request.Region)}, Neo4j {request.Version}{(keyId is null ? "" : ", encrypted with key " + keyId)})";

        MakeRoomIfWaiting();
        if (!ShouldProceed(target, action, force: false)) return;

        var created = Await(ct => Client.Instances.CreateAsync(request, ct));
        this.EmitCreated(created, created.Id);
    }

    /// <summary>A switch's value when it was given (also -Switch:$false), else null (the API's default).</summary>
    private bool? Switch(string name, SwitchParameter value) => MyInvocation.BoundParameters.ContainsKey(name) ? value.IsPresent : null;
}

/// <summary>
/// Changes an Aura instance: name, memory and storage, vector optimisation, the graph analytics plugin, secondaries,
/// CDC enrichment mode; or upgrades a Professional instance to Business Critical (-Type business-critical).
/// </summary>
[Cmdlet(VerbsCommon.Set, "AuraInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraInstance))]
public sealed class SetAuraInstanceCommand : AuraOperationCmdlet<AuraInstance>
{
    internal const string BusinessCritical = "business-critical";

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

    /// <summary>New storage size, e.g. 32GB.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorageCompleter))]
    public string? Storage { get; set; }

    /// <summary>Turn vector optimisation on (-VectorOptimized) or off (-VectorOptimized:$false).</summary>
    [Parameter] public SwitchParameter VectorOptimized { get; set; }

    /// <summary>Add (-GraphAnalyticsPlugin) or remove (-GraphAnalyticsPlugin:$false) the graph analytics plugin.</summary>
    [Parameter] public SwitchParameter GraphAnalyticsPlugin { get; set; }

    /// <summary>Secondaries (Virtual Dedicated Cloud, enterprise-db, only).</summary>
    [Parameter][ValidateRange(0, 100)] public int? SecondariesCount { get; set; }

    /// <summary>Change data capture enrichment (Virtual Dedicated Cloud and Business Critical only).</summary>
    [Parameter] public AuraCdcEnrichmentMode? CdcEnrichmentMode { get; set; }

    /// <summary>business-critical: upgrade a Professional instance (with -Memory and -Storage both or neither). It cannot be undone.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UpgradeTypeCompleter))]
    public string? Type { get; set; }

    /// <summary>Upgrade without the extra confirmation (-WhatIf still only reports).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(50);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        var memory = Memory is null ? null : InputRules.Size(Memory, nameof(Memory));
        var storage = Storage is null ? null : InputRules.Size(Storage, nameof(Storage));
        if (Type is not null)
        {
            Upgrade(id, memory, storage);
            return;
        }

        var request = new UpdateInstanceRequest
        {
            Name = Name is null ? null : InputRules.Name(Name),
            Memory = memory?.Text,
            Storage = storage?.Text,
            VectorOptimized = Bound(nameof(VectorOptimized)) ? VectorOptimized.IsPresent : null,
            GraphAnalyticsPlugin = Bound(nameof(GraphAnalyticsPlugin)) ? GraphAnalyticsPlugin.IsPresent : null,
            SecondariesCount = SecondariesCount,
            CdcEnrichmentMode = CdcEnrichmentMode?.ToString().ToUpperInvariant(),
        };
        var changes = Changes(request);
        if (changes.Count == 0)
        {
            throw InputRules.Invalid($"Nothing to change on {InstanceLabel(id)}: give -Name, -Memory, -Storage, -VectorOptimized, -GraphAnalyticsPlugin, -SecondariesCount, -CdcEnrichmentMode or -Type.");
        }

        // Settings only some types have are checked against the instance before anything is sent.
        AuraInstance? before = null;
        if (request.SecondariesCount is not null || request.CdcEnrichmentMode is not null)
        {
            before = InstanceBeforeChange(id);
            if (before?.Type is { } type)
            {
                if (request.SecondariesCount is not null && !string.Equals(type, "enterprise-db", StringComparison.OrdinalIgnoreCase))
                {
                    throw InputRules.Invalid($"-SecondariesCount applies only to Virtual Dedicated Cloud (enterprise-db) instances; {AuraText.Instance(id, before.Name)} is {type}.");
                }
                if (request.CdcEnrichmentMode is not null && !(string.Equals(type, "enterprise-db", StringComparison.OrdinalIgnoreCase) || string.Equals(type, BusinessCritical, StringComparison.OrdinalIgnoreCase)))
                {
                    throw InputRules.Invalid($"-CdcEnrichmentMode applies only to Virtual Dedicated Cloud (enterprise-db) and Business Critical instances; {AuraText.Instance(id, before.Name)} is {type}.");
                }
            }
        }

        MakeRoomIfWaiting();
        var label = AuraText.Instance(id, before?.Name ?? AuraCache.FindInstance(Conn, id, AuraCache.LabelMaxAge)?.Name);
        if (!ShouldProceed(label, "Update " + string.Join(", ", changes), force: false)) return;

        var updated = Await(ct => Client.Instances.UpdateAsync(id, request, ct));
        Remember(updated);
        EmitOrWait(() => AuraOutput.Wrap(updated), () =>
        {
            var settled = string.Equals(updated.Status, "paused", StringComparison.OrdinalIgnoreCase) ? "paused" : "running";
            return InstanceWait(id, updated, InstanceId, InstanceGoal.Settled(settled, memory, storage));
        });
    }

    private void Upgrade(string id, AuraSize? memory, AuraSize? storage)
    {
        if (!string.Equals(Type!.Trim(), BusinessCritical, StringComparison.OrdinalIgnoreCase))
        {
            throw InputRules.Invalid($"-Type '{Type}' cannot be set: an instance's type changes only by upgrading a Professional instance to Business Critical (-Type {BusinessCritical}).");
        }
        if ((memory is null) != (storage is null))
        {
            throw InputRules.Invalid("An upgrade takes -Memory and -Storage together, or neither (the instance then keeps its size).");
        }
        var others = new[] { nameof(Name), nameof(VectorOptimized), nameof(GraphAnalyticsPlugin), nameof(SecondariesCount), nameof(CdcEnrichmentMode) }.Where(Bound).ToList();
        if (others.Count > 0)
        {
            throw InputRules.Invalid($"-Type {BusinessCritical} upgrades the instance and cannot be combined with -{string.Join(", -", others)}: change those with another Set-AuraInstance call.");
        }

        var before = InstanceBeforeChange(id);
        if (before?.Type is { } type && !type.StartsWith("professional", StringComparison.OrdinalIgnoreCase))
        {
            throw new AuraApiException(
                $"Only a Professional instance can be upgraded to Business Critical; {AuraText.Instance(id, before.Name)} is {type}.",
                "AuraUpgradeNotPossible", ErrorCategory.InvalidOperation)
            {
                RecommendedAction = "Upgrade a professional-db instance, or create a business-critical instance (New-AuraInstance -Type business-critical) and copy the data (Copy-AuraInstance).",
            };
        }
        var label = AuraText.Instance(id, before?.Name ?? AuraCache.FindInstance(Conn, id, AuraCache.LabelMaxAge)?.Name);
        var size = memory is null ? "keeping its size" : $"with {memory} memory and {storage} storage";
        MakeRoomIfWaiting();
        // -Force answers both questions in advance (as if $ConfirmPreference were None); -WhatIf and an explicit -Confirm still apply.
        if (!(Force && !WhatIfRequested && !ConfirmRequested) && !ShouldProcess(label, $"Upgrade to Business Critical ({size})")) return;
        // The second, High-impact question: an upgrade cannot be undone.
        if (!ShouldProceed(
                $"Upgrade {label} to Business Critical ({size}).",
                $"Upgrading {label} to Business Critical cannot be undone (and changes its billing). Continue?",
                "Upgrade an Aura instance", Force, highImpact: true, forceHint: true))
        {
            return;
        }

        var request = new UpgradeInstanceRequest { Memory = memory?.Text, Storage = storage?.Text };
        var upgraded = Await(ct => Client.Instances.UpgradeAsync(id, request, ct));
        InstancePoller.Merge(before, upgraded);
        Remember(upgraded);
        EmitOrWait(() => AuraOutput.Wrap(upgraded), () => InstanceWait(id, upgraded, InstanceId, InstanceGoal.Settled("running", memory, storage, BusinessCritical)));
    }

    private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    private static List<string> Changes(UpdateInstanceRequest request)
    {
        var changes = new List<string>();
        if (request.Name is not null) changes.Add($"name to '{request.Name}'");
        if (request.Memory is not null) changes.Add($"memory to {request.Memory}");
        if (request.Storage is not null) changes.Add($"storage to {request.Storage}");
        if (request.VectorOptimized is { } v) changes.Add(v ? "vector optimisation on" : "vector optimisation off");
        if (request.GraphAnalyticsPlugin is { } g) changes.Add(g ? "graph analytics plugin on" : "graph analytics plugin off");
        if (request.SecondariesCount is { } s) changes.Add($"secondaries to {s}");
        if (request.CdcEnrichmentMode is { } c) changes.Add($"CDC enrichment mode to {c}");
        return changes;
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

    /// <summary>Emit the instance: as the delete answered (destroying), or with -Wait once it is gone (Status deleted).</summary>
    [Parameter] public SwitchParameter PassThru { get; set; }

    internal override CmdletWaiter<AuraInstance> CreateWaiter() => InstanceWaiter(50, item => PassThru ? AuraOutput.Wrap(item.Current) : null);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));

        // Know what is about to go (name for the prompt); with -WhatIf send nothing at all.
        var instance = InstanceBeforeChange(id);
        var label = AuraText.Instance(id, instance?.Name);

        MakeRoomIfWaiting();
        if (!ShouldProceed(label, "Delete the instance and all its data", Force, forceHint: true)) return;

        var answer = Await(ct => Client.Instances.DeleteAsync(id, ct));
        AuraCache.ForgetInstance(Conn, id);
        var last = InstancePoller.Merge(instance, answer);
        if (!Wait)
        {
            if (PassThru) WriteObject(AuraOutput.Wrap(last));
            return;
        }
        AddWait(new WaitItem<AuraInstance>(id, label, last, last.Status ?? "destroying", InstanceId)
        {
            Goal = InstanceGoal.Deleted(),
            Expectation = InstanceGoal.Deleted().Description,
        });
    }
}
