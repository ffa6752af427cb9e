using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>/tenants (projects), /customer-managed-keys and /graph-analytics/sessions.</summary>
internal sealed partial class ApiEndpoints
{
    private Task ListTenants(HttpContext ctx)
    {
        var list = Store.ListTenants().Select(t => new TenantSummaryView(t.Id, t.Name)).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<TenantSummaryView>>(list),
            EmulatorJsonContext.Api.DataResponseListTenantSummaryView);
    }

    private Task GetTenant(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, new DataResponse<TenantView>(TenantView.From(Store.GetTenant(Route(ctx, "tenantId")))),
            EmulatorJsonContext.Api.DataResponseTenantView);

    private Task GetMetricsIntegration(HttpContext ctx)
    {
        var tenant = Store.GetTenant(Route(ctx, "tenantId"));
        return Responses.WriteJsonAsync(ctx, 200,
            new DataResponse<MetricsIntegrationView>(new MetricsIntegrationView(EmulatorStore.TenantMetricsEndpointFor(tenant.Id))),
            EmulatorJsonContext.Api.DataResponseMetricsIntegrationView);
    }

    private Task ListKeys(HttpContext ctx)
    {
        var list = Store.ListKeys(Query(ctx, "tenantId")).Select(k => new KeySummaryView(k.Id, k.Name, k.TenantId)).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<KeySummaryView>>(list), EmulatorJsonContext.Api.DataResponseListKeySummaryView);
    }

    private async Task CreateKey(HttpContext ctx)
    {
        var key = Store.CreateKey(BodyParsers.CreateKey(await RequestBody.ReadObjectAsync(ctx)));
        await Responses.WriteJsonAsync(ctx, 202, new DataResponse<KeyView>(KeyView.From(key)), EmulatorJsonContext.Api.DataResponseKeyView);
    }

    private Task GetKey(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, new DataResponse<KeyView>(KeyView.From(Store.GetKey(Route(ctx, "keyId")))),
            EmulatorJsonContext.Api.DataResponseKeyView);

    private Task DeleteKey(HttpContext ctx)
    {
        Store.DeleteKey(Route(ctx, "keyId"));
        ctx.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private Task ListSessions(HttpContext ctx)
    {
        var now = Store.Now;
        var list = Store.ListSessions(Query(ctx, "instanceId"), Query(ctx, "tenantId"), Query(ctx, "organizationId"))
            .Select(s => SessionView.From(s, now)).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<SessionView>>(list), EmulatorJsonContext.Api.DataResponseListSessionView);
    }

    private async Task CreateSession(HttpContext ctx)
    {
        var request = BodyParsers.Session(await RequestBody.ReadObjectAsync(ctx));
        var clientId = ctx.Items[EmulatorServices.ClientIdItem] as string ?? "";
        var (session, created) = Store.GetOrCreateSession(request, EmulatorStore.UserIdFor(clientId));
        if (created)
        {
            await Responses.WriteJsonAsync(ctx, 202, new DataResponse<SessionCreatedView>(SessionCreatedView.From(session)),
                EmulatorJsonContext.Api.DataResponseSessionCreatedView);
            return;
        }

        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<SessionView>(SessionView.From(session, Store.Now)),
            EmulatorJsonContext.Api.DataResponseSessionView);
    }

    private async Task SessionSizing(HttpContext ctx)
    {
        var (nodes, relationships, nodeProperties, labels, relationshipProperties, categories) =
            BodyParsers.SessionSizing(await RequestBody.ReadObjectAsync(ctx));
        var (recommended, estimated) = Sizing.ForSession(nodes, relationships, nodeProperties, labels, relationshipProperties, categories);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<SessionSizingView>(new SessionSizingView(recommended, estimated)),
            EmulatorJsonContext.Api.DataResponseSessionSizingView);
    }

    private Task GetSession(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, new DataResponse<SessionView>(SessionView.From(Store.GetSession(Route(ctx, "sessionId")), Store.Now)),
            EmulatorJsonContext.Api.DataResponseSessionView);

    private Task DeleteSession(HttpContext ctx)
    {
        var id = Route(ctx, "sessionId");
        Store.DeleteSession(id);
        return Responses.WriteJsonAsync(ctx, 202, new DataResponse<SessionDeletedView>(new SessionDeletedView(id)),
            EmulatorJsonContext.Api.DataResponseSessionDeletedView);
    }
}
