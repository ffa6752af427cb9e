using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>The /graph-analytics/sessions operations (Aura API v1) over the transport.</summary>
internal sealed class SessionOperations
{
    private const string Root = "/graph-analytics/sessions";
    private readonly AuraTransport _transport;

    public SessionOperations(AuraTransport transport) => _transport = transport;

    /// <summary>GET /graph-analytics/sessions, filtered by instance, tenant or organisation.</summary>
    public async Task<IReadOnlyList<AuraGraphAnalyticsSession>> ListAsync(string? instanceId, string? tenantId, string? organizationId, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(instanceId)) query.Add("instanceId=" + AuraTransport.Escape(AuraInput.ValidateId(instanceId, "InstanceId")));
        if (!string.IsNullOrEmpty(tenantId)) query.Add("tenantId=" + AuraTransport.Escape(AuraInput.ValidateId(tenantId, "TenantId")));
        if (!string.IsNullOrEmpty(organizationId)) query.Add("organizationId=" + AuraTransport.Escape(AuraInput.ValidateId(organizationId, "OrganizationId")));
        var path = query.Count == 0 ? Root : Root + "?" + string.Join("&", query);
        using var outcome = await _transport.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return AuraResponses.ParseList(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraGraphAnalyticsSession);
    }

    /// <summary>GET /graph-analytics/sessions/{id}.</summary>
    public async Task<AuraGraphAnalyticsSession> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(sessionId, "SessionId");
        using var outcome = await _transport.SendAsync(HttpMethod.Get, Root + "/" + AuraTransport.Escape(sessionId), null, cancellationToken).ConfigureAwait(false);
        var session = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraGraphAnalyticsSession);
        if (string.IsNullOrEmpty(session.Id)) session.Id = sessionId;
        return session;
    }

    /// <summary>
    /// POST /graph-analytics/sessions (get or create): 200 with the session when one of that name and these settings
    /// exists (<c>Created</c> false), 202 when it is being created; a session of that name with other settings is a 409.
    /// </summary>
    public async Task<(AuraGraphAnalyticsSession Session, bool Created)> GetOrCreateAsync(CreateSessionRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.CreateSessionRequest);
        using var outcome = await _transport.SendAsync(HttpMethod.Post, Root, body, cancellationToken).ConfigureAwait(false);
        var session = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraGraphAnalyticsSession);
        if (string.IsNullOrEmpty(session.Id))
        {
            throw Errors.AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "a session without id", null);
        }
        session.Name ??= request.Name;
        return (session, outcome.Status != 200);
    }

    /// <summary>DELETE /graph-analytics/sessions/{id}: 202.</summary>
    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(sessionId, "SessionId");
        using var _ = await _transport.SendAsync(HttpMethod.Delete, Root + "/" + AuraTransport.Escape(sessionId), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /graph-analytics/sessions/sizing: the session size Aura recommends for a graph.</summary>
    public async Task<AuraGraphAnalyticsSessionSizing> SizingAsync(SessionSizingRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.SessionSizingRequest);
        using var outcome = await _transport.SendAsync(HttpMethod.Post, Root + "/sizing", body, cancellationToken).ConfigureAwait(false);
        return AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraGraphAnalyticsSessionSizing);
    }
}
