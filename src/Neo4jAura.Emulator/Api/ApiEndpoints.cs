using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>Every operation of Aura API v1, mapped under one version prefix. Handlers are in the partial files beside this one.</summary>
internal sealed partial class ApiEndpoints
{
    private readonly EmulatorServices services;

    private ApiEndpoints(EmulatorServices services) => this.services = services;

    private EmulatorStore Store => services.Store;

    public static void Map(IEndpointRouteBuilder app, string prefix, EmulatorServices services)
    {
        var api = new ApiEndpoints(services);
        var g = app.MapGroup(prefix);
        g.MapGet("/instances", R(api.ListInstances));
        g.MapPost("/instances", R(api.CreateInstance));
        g.MapPost("/instances/sizing", R(api.InstanceSizing));
        g.MapGet("/instances/{instanceId}", R(api.GetInstance));
        g.MapPatch("/instances/{instanceId}", R(api.UpdateInstance));
        g.MapDelete("/instances/{instanceId}", R(api.DeleteInstance));
        g.MapPost("/instances/{instanceId}/pause", R(api.PauseInstance));
        g.MapPost("/instances/{instanceId}/resume", R(api.ResumeInstance));
        g.MapPost("/instances/{instanceId}/overwrite", R(api.OverwriteInstance));
        g.MapPost("/instances/{instanceId}/upgrade", R(api.UpgradeInstance));
        g.MapGet("/instances/{instanceId}/snapshots", R(api.ListSnapshots));
        g.MapPost("/instances/{instanceId}/snapshots", R(api.CreateSnapshot));
        g.MapGet("/instances/{instanceId}/snapshots/{snapshotId}", R(api.GetSnapshot));
        g.MapPost("/instances/{instanceId}/snapshots/{snapshotId}/restore", R(api.RestoreSnapshot));
        g.MapGet("/tenants", R(api.ListTenants));
        g.MapGet("/tenants/{tenantId}", R(api.GetTenant));
        g.MapGet("/tenants/{tenantId}/metrics-integration", R(api.GetMetricsIntegration));
        g.MapGet("/customer-managed-keys", R(api.ListKeys));
        g.MapPost("/customer-managed-keys", R(api.CreateKey));
        g.MapGet("/customer-managed-keys/{keyId}", R(api.GetKey));
        g.MapDelete("/customer-managed-keys/{keyId}", R(api.DeleteKey));
        g.MapGet("/graph-analytics/sessions", R(api.ListSessions));
        g.MapPost("/graph-analytics/sessions", R(api.CreateSession));
        g.MapPost("/graph-analytics/sessions/sizing", R(api.SessionSizing));
        g.MapGet("/graph-analytics/sessions/{sessionId}", R(api.GetSession));
        g.MapDelete("/graph-analytics/sessions/{sessionId}", R(api.DeleteSession));
    }

    private static RequestDelegate R(Func<HttpContext, Task> handler) => new(handler);

    private static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name] as string ?? "";

    /// <summary>A query parameter, or null when it is absent or empty.</summary>
    private static string? Query(HttpContext ctx, string name) =>
        ctx.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;

    private static Task Instance(HttpContext ctx, int status, InstanceState instance) =>
        Responses.WriteJsonAsync(ctx, status, new DataResponse<InstanceView>(InstanceView.From(instance)),
            EmulatorJsonContext.Api.DataResponseInstanceView);
}
