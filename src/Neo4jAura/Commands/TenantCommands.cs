using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Models;

namespace Neo4jAura.Commands;

/// <summary>Gets Aura tenants (projects) with their instance configurations.</summary>
[Cmdlet(VerbsCommon.Get, "AuraTenant")]
[OutputType(typeof(AuraTenant))]
public sealed class GetAuraTenantCommand : AuraApiCmdlet
{
    /// <summary>Tenants to get; all when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TenantIdCompleter))]
    public string[]? TenantId { get; set; }

    protected override void Execute()
    {
        if (TenantId is null)
        {
            var tenants = Await(ct => Client.ListTenantsAsync(ct));
            AuraCache.RememberTenantList(Conn, tenants, complete: true);
            foreach (var tenant in tenants) WriteObject(AuraOutput.Wrap(tenant));
            return;
        }
        foreach (var raw in TenantId)
        {
            CurrentTarget = raw;
            try
            {
                var id = InputRules.Id(raw, nameof(TenantId));
                var tenant = Await(ct => Client.GetTenantAsync(id, ct));
                AuraCache.RememberTenant(Conn, tenant);
                WriteObject(AuraOutput.Wrap(tenant));
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }
}
