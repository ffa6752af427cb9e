using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>The /customer-managed-keys operations (Aura API v1) over the transport.</summary>
internal sealed class KeyOperations
{
    private readonly AuraTransport _transport;

    public KeyOperations(AuraTransport transport) => _transport = transport;

    /// <summary>GET /customer-managed-keys[?tenantId=]: id, name and tenant of each key (the other fields come from <see cref="GetAsync"/>).</summary>
    public async Task<IReadOnlyList<AuraCustomerManagedKey>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var path = "/customer-managed-keys";
        if (!string.IsNullOrEmpty(tenantId)) path += "?tenantId=" + AuraTransport.Escape(AuraInput.ValidateId(tenantId, "TenantId"));
        using var outcome = await _transport.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return AuraResponses.ParseList(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraCustomerManagedKey);
    }

    /// <summary>GET /customer-managed-keys/{id}.</summary>
    public async Task<AuraCustomerManagedKey> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(keyId, "CustomerManagedKeyId");
        using var outcome = await _transport.SendAsync(HttpMethod.Get, "/customer-managed-keys/" + AuraTransport.Escape(keyId), null, cancellationToken).ConfigureAwait(false);
        var key = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraCustomerManagedKey);
        if (string.IsNullOrEmpty(key.Id)) key.Id = keyId;
        return key;
    }

    /// <summary>POST /customer-managed-keys: 202 with the key (pending until Aura can use it).</summary>
    public async Task<AuraCustomerManagedKey> CreateAsync(CreateCustomerManagedKeyRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateId(request.TenantId, "TenantId");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.CreateCustomerManagedKeyRequest);
        using var outcome = await _transport.SendAsync(HttpMethod.Post, "/customer-managed-keys", body, cancellationToken).ConfigureAwait(false);
        var key = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraCustomerManagedKey);
        if (string.IsNullOrEmpty(key.Id))
        {
            throw Errors.AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "a key without id", null);
        }
        key.Name ??= request.Name;
        key.TenantId ??= request.TenantId;
        key.CloudProvider ??= request.CloudProvider;
        key.Region ??= request.Region;
        key.InstanceType ??= request.InstanceType;
        key.KmsKeyId ??= request.KeyId;
        return key;
    }

    /// <summary>DELETE /customer-managed-keys/{id}: 204.</summary>
    public async Task DeleteAsync(string keyId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(keyId, "CustomerManagedKeyId");
        using var _ = await _transport.SendAsync(HttpMethod.Delete, "/customer-managed-keys/" + AuraTransport.Escape(keyId), null, cancellationToken).ConfigureAwait(false);
    }
}
