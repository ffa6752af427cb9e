using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>Gets customer-managed encryption keys registered with Aura (every field: the list's entries are read one by one).</summary>
[Cmdlet(VerbsCommon.Get, "AuraCustomerManagedKey", DefaultParameterSetName = ListSet)]
[OutputType(typeof(AuraCustomerManagedKey))]
public sealed class GetAuraCustomerManagedKeyCommand : AuraApiCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>Keys to get by id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CustomerManagedKeyIdCompleter))]
    public string[] CustomerManagedKeyId { get; set; } = Array.Empty<string>();

    /// <summary>Only the keys of this tenant (its id, or its name when unambiguous).</summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string? TenantId { get; set; }

    /// <summary>
    /// What came down the pipeline: a tenant (Get-AuraTenant) lists its keys, a string is a key id, a key (or anything
    /// with an Id) is read again by its id.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override void Execute()
    {
        List<(string Raw, string Id)> ids;
        // A tenant's Id would otherwise bind -CustomerManagedKeyId (alias Id): it names the tenant whose keys to list.
        var pipedTenant = InputObject?.BaseObject switch { AuraTenant t => t.Id, AuraTenantSummary t => t.Id, _ => null };
        var keyIds = pipedTenant is null && ParameterSetName == ListSet && InputObject?.BaseObject is string pipedId ? new[] { pipedId } : CustomerManagedKeyId;
        var listing = pipedTenant is not null || keyIds.Length == 0;
        if (!listing)
        {
            ids = new List<(string, string)>();
            foreach (var raw in keyIds)
            {
                try { ids.Add((raw, InputRules.Id(raw, nameof(CustomerManagedKeyId)))); }
                catch (AuraApiException ex) { WriteError(ex.ToErrorRecord(raw)); }
            }
        }
        else
        {
            var tenantId = pipedTenant is not null ? InputRules.Id(pipedTenant, nameof(TenantId)) : TenantId is null ? null : TenantIdOf(TenantId);
            var listed = Await(ct => Client.Keys.ListAsync(tenantId, ct));
            AuraCache.RememberKeys(Conn, listed);
            ids = listed.Where(k => !string.IsNullOrEmpty(k.Id)).Select(k => (k.Id, k.Id)).ToList();
        }
        foreach (var (item, key, error) in FetchEach(ids, (i, ct) => FetchListed(i.Id, "a customer-managed key", id => Client.Keys.GetAsync(id, ct)), "Getting customer-managed keys", i => i.Id))
        {
            if (error is not null)
            {
                if (listing && error.StatusCode == 404) continue; // deleted since the list
                WriteError(error.ToErrorRecord(item.Raw));
                continue;
            }
            AuraCache.RememberKeys(Conn, new[] { key! });
            WriteObject(AuraOutput.Wrap(key!));
        }
    }
}

/// <summary>Registers a customer-managed key (a key in the cloud provider's KMS) with Aura; -Wait until it is ready.</summary>
[Cmdlet(VerbsCommon.New, "AuraCustomerManagedKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(AuraCustomerManagedKey))]
public sealed class NewAuraCustomerManagedKeyCommand : AuraOperationCmdlet<AuraCustomerManagedKey>
{
    /// <summary>A name for the key in Aura (1 to 30 characters).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The key's id in the cloud provider's key management service (an ARN, a Key Vault key URL or a Cloud KMS resource name).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string KmsKeyId { get; set; } = "";

    /// <summary>The tenant (its id, or its name when unambiguous).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string TenantId { get; set; } = "";

    /// <summary>gcp, aws or azure.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("gcp", "aws", "azure")]
    public string CloudProvider { get; set; } = "";

    /// <summary>The region of the instances the key will encrypt.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string Region { get; set; } = "";

    /// <summary>enterprise-db (Virtual Dedicated Cloud) or enterprise-ds (AuraDS Enterprise).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("enterprise-db", "enterprise-ds")]
    public string InstanceType { get; set; } = "";

    internal override CmdletWaiter<AuraCustomerManagedKey> CreateWaiter()
        => StatusWaiter(Client.Keys.GetAsync, KeyReady, key => AuraOutput.Wrap(key));

    internal static readonly StatusGoal<AuraCustomerManagedKey> KeyReady = new("ready", k => k.Status, "AuraCustomerManagedKeyFailed",
        "Check that Aura may use the key in your cloud provider's KMS (its key policy or role assignment), then register it again.", "error", "failed");

    protected override void Execute()
    {
        CurrentTarget = Name;
        var name = AuraInput.ValidateName(Name.Trim(), nameof(Name));
        var kmsKeyId = KmsKeyId.Trim();
        if (kmsKeyId.Length == 0 || kmsKeyId.Any(char.IsControl)) throw InputRules.Invalid("-KmsKeyId must not be empty or hold control characters.");
        var tenantId = TenantIdOf(TenantId);
        var request = new CreateCustomerManagedKeyRequest
        {
            Name = name, KeyId = kmsKeyId, TenantId = tenantId, CloudProvider = CloudProvider.ToLowerInvariant(), Region = Region.Trim(), InstanceType = InstanceType.ToLowerInvariant(),
        };
        MakeRoomIfWaiting();
        if (!ShouldProceed($"customer-managed key '{name}' in tenant {tenantId}", $"Register {request.CloudProvider} key {kmsKeyId} for {request.InstanceType} instances in {request.Region}", force: false)) return;

        var key = Await(ct => Client.Keys.CreateAsync(request, ct));
        AuraCache.RememberKeys(Conn, new[] { key });
        EmitOrWait(() => AuraOutput.Wrap(key), () => new WaitItem<AuraCustomerManagedKey>(key.Id, $"key {key.Name} ({key.Id})", key, key.Status, key)
        {
            Expectation = KeyReady.Description,
        });
    }
}

/// <summary>Removes a customer-managed key from Aura (High impact: prompts unless -Force; -WhatIf sends nothing).</summary>
[Cmdlet(VerbsCommon.Remove, "AuraCustomerManagedKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveAuraCustomerManagedKeyCommand : AuraApiCmdlet
{
    /// <summary>At most this many instances are read to name the ones that use a key Aura refuses to remove.</summary>
    private const int MaxInstancesChecked = 100;

    /// <summary>The key to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CustomerManagedKeyIdCompleter))]
    public string CustomerManagedKeyId { get; set; } = "";

    /// <summary>Remove without prompting (-WhatIf still only reports).</summary>
    [Parameter] public SwitchParameter Force { get; set; }

    protected override void Execute()
    {
        CurrentTarget = CustomerManagedKeyId;
        var id = InputRules.Id(CustomerManagedKeyId, nameof(CustomerManagedKeyId));
        var key = WhatIfRequested
            ? AuraCache.KnownKeys(Conn, AuraCache.LabelMaxAge).FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
            : Await(ct => Client.Keys.GetAsync(id, ct));
        var label = key?.Name is { Length: > 0 } n ? $"customer-managed key {n} ({id})" : $"customer-managed key {id}";
        if (!ShouldProceed(label, "Remove the key from Aura", Force, forceHint: true)) return;
        try
        {
            Await(ct => Client.Keys.DeleteAsync(id, ct));
        }
        catch (AuraApiException ex) when (ex.Reason == "encryption-key-is-active")
        {
            throw InUse(ex, id, label, key?.TenantId);
        }
        AuraCache.ForgetKey(Conn, id);
    }

    /// <summary>Aura refuses to remove a key that encrypts instances: the error names them.</summary>
    private AuraApiException InUse(AuraApiException refused, string keyId, string label, string? tenantId)
    {
        string users;
        try
        {
            var summaries = Await(ct => Client.Instances.ListAsync(tenantId, ct));
            var checkedOnes = summaries.Take(MaxInstancesChecked).ToList();
            var using_ = FetchEach(checkedOnes, (s, ct) => FetchListed(s.Id, AuraText.Listed("instance", s.Name), id => Client.Instances.GetAsync(id, ct)), "Finding the instances that use the key", s => AuraText.Instance(s.Id, s.Name))
                .Where(r => r.Result is { } i && string.Equals(i.CustomerManagedKeyId, keyId, StringComparison.OrdinalIgnoreCase))
                .Select(r => AuraText.Instance(r.Result!.Id, r.Result.Name)).ToList();
            users = using_.Count > 0
                ? "It encrypts " + string.Join(", ", using_) + "."
                : summaries.Count > checkedOnes.Count ? $"(The first {checkedOnes.Count} instances do not use it; there are {summaries.Count}.)" : "";
        }
        catch (AuraApiException)
        {
            users = "";
        }
        return new AuraApiException(
            $"Aura refuses to remove {label}: it is in use by an instance. {users}".Trim() + (refused.RequestId is null ? "" : $" (Request id {refused.RequestId}.)"),
            "AuraCustomerManagedKeyInUse", ErrorCategory.InvalidArgument, refused)
        {
            StatusCode = refused.StatusCode,
            Method = refused.Method,
            Path = refused.Path,
            RequestId = refused.RequestId,
            ApiErrors = refused.ApiErrors,
            RecommendedAction = $"Remove (or re-create without the key) the instances that use it first: Get-AuraInstance | Where-Object CustomerManagedKeyId -eq '{keyId}'.",
        };
    }
}
