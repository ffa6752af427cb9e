using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>/instances: list (summaries), create and clone, sizing, details, PATCH, delete, pause, resume, overwrite, upgrade.</summary>
internal sealed partial class ApiEndpoints
{
    private Task ListInstances(HttpContext ctx)
    {
        var list = Store.ListInstances(Query(ctx, "tenantId")).Select(InstanceSummaryView.From).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<InstanceSummaryView>>(list),
            EmulatorJsonContext.Api.DataResponseListInstanceSummaryView);
    }

    private async Task CreateInstance(HttpContext ctx)
    {
        var request = BodyParsers.CreateInstance(await RequestBody.ReadObjectAsync(ctx));
        var (instance, password) = Store.CreateInstance(request);
        await Responses.WriteJsonAsync(ctx, 202, new DataResponse<InstanceCreatedView>(InstanceCreatedView.From(instance, password)),
            EmulatorJsonContext.Api.DataResponseInstanceCreatedView);
    }

    private async Task InstanceSizing(HttpContext ctx)
    {
        var (nodes, relationships, type, categories) = BodyParsers.InstanceSizing(await RequestBody.ReadObjectAsync(ctx));
        var (recommended, minimum, exceeded) = Sizing.ForInstance(nodes, relationships, type, categories);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<InstanceSizingView>(new InstanceSizingView(recommended, minimum, exceeded)),
            EmulatorJsonContext.Api.DataResponseInstanceSizingView);
    }

    private Task GetInstance(HttpContext ctx) => Instance(ctx, 200, Store.GetInstance(Route(ctx, "instanceId")));

    private async Task UpdateInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id); // 404 before looking at the body
        var (instance, immediate) = Store.UpdateInstance(id, BodyParsers.UpdateInstance(await RequestBody.ReadObjectAsync(ctx)));
        if (immediate)
        {
            await Instance(ctx, 200, instance);
        }
        else
        {
            await Responses.WriteRawJsonAsync(ctx, 202, "{}");
        }
    }

    private Task DeleteInstance(HttpContext ctx) => Instance(ctx, 202, Store.DeleteInstance(Route(ctx, "instanceId")));

    private async Task PauseInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id);
        await RequestBody.ReadObjectAsync(ctx);
        await Instance(ctx, 202, Store.PauseInstance(id));
    }

    private async Task ResumeInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id);
        await RequestBody.ReadObjectAsync(ctx);
        await Instance(ctx, 202, Store.ResumeInstance(id));
    }

    private async Task OverwriteInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id);
        var (sourceInstance, sourceSnapshot) = BodyParsers.Overwrite(await RequestBody.ReadObjectAsync(ctx));
        await Instance(ctx, 202, Store.OverwriteInstance(id, sourceInstance, sourceSnapshot));
    }

    private async Task UpgradeInstance(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id);
        var (memory, storage) = BodyParsers.Upgrade(await RequestBody.ReadObjectAsync(ctx));
        var upgraded = Store.UpgradeInstance(id, memory, storage);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<InstanceUpgradedView>(InstanceUpgradedView.From(upgraded)),
            EmulatorJsonContext.Api.DataResponseInstanceUpgradedView);
    }
}
