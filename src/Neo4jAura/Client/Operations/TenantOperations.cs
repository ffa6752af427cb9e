using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>The /tenants operations (Aura API v1; projects in the console) over the transport.</summary>
internal sealed class TenantOperations
{
    private readonly AuraTransport _transport;

    public TenantOperations(AuraTransport transport) => _transport = transport;

    /// <summary>GET /tenants: id and name of every tenant the credentials see.</summary>
    public async Task<IReadOnlyList<AuraTenantSummary>> ListAsync(CancellationToken cancellationToken)
    {
        using var outcome = await _transport.SendAsync(HttpMethod.Get, "/tenants", null, cancellationToken).ConfigureAwait(false);
        return AuraResponses.ParseList(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraTenantSummary);
    }

    /// <summary>GET /tenants/{id}: the tenant with its (flat) instance configurations.</summary>
    public async Task<AuraTenant> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(tenantId, "TenantId");
        using var outcome = await _transport.SendAsync(HttpMethod.Get, "/tenants/" + AuraTransport.Escape(tenantId), null, cancellationToken).ConfigureAwait(false);
        var tenant = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraTenant);
        if (string.IsNullOrEmpty(tenant.Id)) tenant.Id = tenantId;
        tenant.InstanceConfigurations ??= new List<AuraInstanceConfiguration>();
        tenant.InstanceConfigurations.RemoveAll(c => c is null);
        return tenant;
    }

    /// <summary>GET /tenants/{id}/metrics-integration: where the tenant's metrics can be scraped.</summary>
    public async Task<AuraMetricsIntegration> GetMetricsIntegrationAsync(string tenantId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(tenantId, "TenantId");
        using var outcome = await _transport.SendAsync(HttpMethod.Get, "/tenants/" + AuraTransport.Escape(tenantId) + "/metrics-integration", null, cancellationToken).ConfigureAwait(false);
        var integration = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraMetricsIntegration);
        integration.TenantId = tenantId;
        return integration;
    }
}
