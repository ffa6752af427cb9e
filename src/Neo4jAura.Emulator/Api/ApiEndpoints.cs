using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>Every operation of the Aura API spec, mapped under one version prefix (/v1, /v1beta3).</summary>
internal sealed class ApiEndpoints
{
    private readonly EmulatorStore store;

    private ApiEndpoints(EmulatorStore store) => this.store = store;

    public static void Map(IEndpointRouteBuilder app, string prefix, EmulatorServices services)
    {
        var api = new ApiEndpoints(services.Store);
        var g = app.MapGroup(prefix);
        g.MapGet("/instances", R(api.ListInstances));
        g.MapPost("/instances", R(api.CreateInstance));
        g.MapGet("/instances/{instanceId}", R(api.GetInstance));
        g.MapPatch("/instances/{instanceId}", R(api.UpdateInstance));
        g.MapDelete("/instances/{instanceId}", R(api.DeleteInstance));
        g.MapPost("/instances/{instanceId}/pause", R(api.PauseInstance));
        g.MapPost("/instances/{instanceId}/resume", R(api.ResumeInstance));
        g.MapPost("/instances/{instanceId}/overwrite", R(api.OverwriteInstance));
        g.MapGet("/instances/{instanceId}/snapshots", R(api.ListSnapshots));
        g.MapPost("/instances/{instanceId}/snapshots", R(api.CreateSnapshot));
        g.MapGet("/instances/{instanceId}/snapshots/{snapshotId}", R(api.GetSnapshot));
        g.MapPost("/instances/{instanceId}/snapshots/{snapshotId}/restore", R(api.RestoreSnapshot));
        g.MapGet("/tenants", R(api.ListTenants));
        g.MapGet("/tenants/{tenantId}", R(api.GetTenant));
    }

    private static RequestDelegate R(Func<HttpContext, Task> handler) => new(handler);

    private static string Route(HttpContext ctx, string name) => ctx.Request.RouteValues[name] as string ?? "";

    private static Task Instance(HttpContext ctx, int status, InstanceState instance) =>
        Responses.WriteJsonAsync(ctx, status, new DataResponse<InstanceView>(InstanceView.From(instance)),
            EmulatorJsonContext.Api.DataResponseInstanceView);

    private Task ListInstances(HttpContext ctx)
    {
        string? tenantId = ctx.Request.Query["tenantId"];
        if (string.IsNullOrEmpty(tenantId))
        {
            tenantId = ctx.Request.Query["tenant_id"];
        }

        var list = store.ListInstances(string.IsNullOrEmpty(tenantId) ? null : tenantId)
            .Select(InstanceView.From).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<InstanceView>>(list),
            EmulatorJsonContext.Api.DataResponseListInstanceView);
    }

    private async Task CreateInstance(HttpContext ctx)
    {
        var request = RequestBody.ParseNewInstance(await RequestBody.ReadObjectAsync(ctx), isRestore: false);
        var (instance, password) = store.CreateInstance(request);
        await Responses.WriteJsonAsync(ctx, 202, new DataResponse<InstanceCreatedView>(InstanceCreatedView.From(instance, password)),
            EmulatorJsonContext.Api.DataResponseInstanceCreatedView);
    }

    private Task GetInstance(HttpContext ctx) => Instance(ctx, 200, store.GetInstance(Route(ctx, "instanceId")));

    private async Task UpdateInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        store.GetInstance(id); // 404 before looking at the body
        var (name, memory) = RequestBody.ParseUpdate(await RequestBody.ReadObjectAsync(ctx));
        await Instance(ctx, 200, store.UpdateInstance(id, name, memory));
    }

    private Task DeleteInstance(HttpContext ctx) => Instance(ctx, 202, store.DeleteInstance(Route(ctx, "instanceId")));

    private Task PauseInstance(HttpContext ctx) => Instance(ctx, 200, store.PauseInstance(Route(ctx, "instanceId")));

    private Task ResumeInstance(HttpContext ctx) => Instance(ctx, 200, store.ResumeInstance(Route(ctx, "instanceId")));

    private async Task OverwriteInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        store.GetInstance(id);
        var (sourceInstance, sourceSnapshot) = RequestBody.ParseOverwrite(await RequestBody.ReadObjectAsync(ctx));
        await Instance(ctx, 200, store.OverwriteInstance(id, sourceInstance, sourceSnapshot));
    }

    private Task ListSnapshots(HttpContext ctx)
    {
        var list = store.ListSnapshots(Route(ctx, "instanceId")).Select(SnapshotView.From).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<SnapshotView>>(list),
            EmulatorJsonContext.Api.DataResponseListSnapshotView);
    }

    private Task CreateSnapshot(HttpContext ctx)
    {
        var snapshot = store.CreateSnapshot(Route(ctx, "instanceId"));
        return Responses.WriteJsonAsync(ctx, 202, new DataResponse<SnapshotView>(SnapshotView.From(snapshot)),
            EmulatorJsonContext.Api.DataResponseSnapshotView);
    }

    private Task GetSnapshot(HttpContext ctx)
    {
        var snapshot = store.GetSnapshot(Route(ctx, "instanceId"), Route(ctx, "snapshotId"));
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<SnapshotView>(SnapshotView.From(snapshot)),
            EmulatorJsonContext.Api.DataResponseSnapshotView);
    }

    private async Task RestoreSnapshot(HttpContext ctx)
    {
        var instanceId = Route(ctx, "instanceId");
        var snapshotId = Route(ctx, "snapshotId");
        store.GetSnapshot(instanceId, snapshotId); // 404 before looking at the body
        var request = RequestBody.ParseNewInstance(await RequestBody.ReadObjectAsync(ctx), isRestore: true);
        var (instance, password) = store.RestoreSnapshot(instanceId, snapshotId, request);
        await Responses.WriteJsonAsync(ctx, 202, new DataResponse<InstanceCreatedView>(InstanceCreatedView.From(instance, password)),
            EmulatorJsonContext.Api.DataResponseInstanceCreatedView);
    }

    private Task ListTenants(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<TenantState>>(store.ListTenants()),
            EmulatorJsonContext.Api.DataResponseListTenantState);

    private Task GetTenant(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, new DataResponse<TenantState>(store.GetTenant(Route(ctx, "tenantId"))),
            EmulatorJsonContext.Api.DataResponseTenantState);
}
