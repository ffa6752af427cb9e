using System;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>Gets Aura tenants (projects) with the instance configurations they offer; -Summary: id and name from one request.</summary>
[Cmdlet(VerbsCommon.Get, "AuraTenant")]
[OutputType(typeof(AuraTenant), typeof(AuraTenantSummary))]
public sealed class GetAuraTenantCommand : AuraApiCmdlet
{
    /// <summary>Tenants to get (ids, or names when unambiguous); all when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string[]? TenantId { get; set; }

    /// <summary>Only the id and name of every tenant, from one request (no configurations).</summary>
    [Parameter] public SwitchParameter Summary { get; set; }

    protected override void Execute()
    {
        if (TenantId is null)
        {
            var tenants = Await(ct => Client.Tenants.ListAsync(ct));
            AuraCache.RememberTenantSummaries(Conn, tenants, complete: true);
            if (Summary)
            {
                foreach (var tenant in tenants) WriteObject(AuraOutput.Wrap(tenant));
                return;
            }
            foreach (var (summary, tenant, error) in FetchEach(tenants.ToList(), (t, ct) => FetchListed(t.Id, AuraText.Listed("tenant", t.Name), id => Client.Tenants.GetAsync(id, ct)), "Getting Aura tenants", t => AuraText.Tenant(t.Id, t.Name)))
            {
                if (error is not null) WriteError(error.ToErrorRecord(summary.Id));
                else Emit(tenant!);
            }
            return;
        }
        foreach (var raw in TenantId)
        {
            CurrentTarget = raw;
            try
            {
                var id = TenantIdOf(raw);
                var tenant = Await(ct => Client.Tenants.GetAsync(id, ct));
                if (Summary) WriteObject(AuraOutput.Wrap(new AuraTenantSummary { Id = tenant.Id, Name = tenant.Name }));
                else Emit(tenant);
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }

    private void Emit(AuraTenant tenant)
    {
        AuraCache.RememberTenant(Conn, tenant);
        WriteObject(AuraOutput.Wrap(tenant));
    }
}

/// <summary>Gets where a tenant's metrics can be scraped (the metrics integration endpoint).</summary>
[Cmdlet(VerbsCommon.Get, "AuraMetricsIntegration")]
[OutputType(typeof(AuraMetricsIntegration))]
public sealed class GetAuraMetricsIntegrationCommand : AuraApiCmdlet
{
    /// <summary>The tenant (its id, or its name when unambiguous).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string[] TenantId { get; set; } = Array.Empty<string>();

    protected override void Execute()
    {
        foreach (var raw in TenantId)
        {
            CurrentTarget = raw;
            try
            {
                var id = TenantIdOf(raw);
                WriteObject(AuraOutput.Wrap(Await(ct => Client.Tenants.GetMetricsIntegrationAsync(id, ct))));
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }
}
