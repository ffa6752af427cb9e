using System.Globalization;
using Neo4jAura.Emulator.Json;

namespace Neo4jAura.Emulator.Api;

/// <summary>/instances/{id}/snapshots: one UTC day's list (?date=YYYY-MM-DD), details, a new on-demand snapshot, in-place restore.</summary>
internal sealed partial class ApiEndpoints
{
    private Task ListSnapshots(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id);
        var day = DateOnly.FromDateTime(Store.Now.UtcDateTime);
        if (ctx.Request.Query.TryGetValue("date", out var date)
            && !DateOnly.TryParseExact(date.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            throw ApiException.BadRequest($"date '{date}' is not a date in the form YYYY-MM-DD.", Reasons.InvalidValue, "date");
        }

        var list = Store.ListSnapshots(id, day).Select(SnapshotView.From).ToList();
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<List<SnapshotView>>(list), EmulatorJsonContext.Api.DataResponseListSnapshotView);
    }

    private Task GetSnapshot(HttpContext ctx)
    {
        var snapshot = Store.GetSnapshot(Route(ctx, "instanceId"), Route(ctx, "snapshotId"));
        return Responses.WriteJsonAsync(ctx, 200, new DataResponse<SnapshotView>(SnapshotView.From(snapshot)),
            EmulatorJsonContext.Api.DataResponseSnapshotView);
    }

    private async Task CreateSnapshot(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        Store.GetInstance(id);
        await RequestBody.ReadObjectAsync(ctx);
        var snapshotId = Store.CreateSnapshot(id);
        await Responses.WriteJsonAsync(ctx, 202, new DataResponse<SnapshotCreatedView>(new SnapshotCreatedView(snapshotId)),
            EmulatorJsonContext.Api.DataResponseSnapshotCreatedView);
    }

    private async Task RestoreSnapshot(HttpContext ctx)
    {
        var id = Route(ctx, "instanceId");
        var snapshotId = Route(ctx, "snapshotId");
        Store.GetSnapshot(id, snapshotId);
        await RequestBody.ReadObjectAsync(ctx);
        await Instance(ctx, 202, Store.RestoreInstance(id, snapshotId));
    }
}
