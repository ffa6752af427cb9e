using System.Text.Json;
using System.Text.Json.Nodes;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Control;

/// <summary>The control API under /_emulator: no auth, no rate limit, not in the request log.</summary>
internal sealed class ControlEndpoints
{
    private readonly EmulatorServices services;

    private ControlEndpoints(EmulatorServices services) => this.services = services;

    public static void Map(IEndpointRouteBuilder app, EmulatorServices services)
    {
        var c = new ControlEndpoints(services);
        var g = app.MapGroup("/_emulator");
        g.MapGet("/health", R(ctx => Ok(ctx)));
        g.MapPost("/reset", R(c.Reset));
        g.MapGet("/requests", R(c.GetRequests));
        g.MapDelete("/requests", R(c.ClearRequests));
        g.MapGet("/faults", R(c.GetFaults));
        g.MapPost("/faults", R(c.AddFault));
        g.MapDelete("/faults", R(c.ClearFaults));
        g.MapDelete("/faults/{id}", R(c.RemoveFault));
        g.MapGet("/settings", R(c.GetSettings));
        g.MapPost("/settings", R(c.UpdateSettings));
        g.MapPost("/tokens/revoke", R(c.RevokeTokens));
        g.MapPost("/tokens/expire", R(c.ExpireTokens));
        g.MapPost("/instances/{instanceId}/status", R(c.ForceInstanceStatus));
        g.MapPost("/instances/{instanceId}/snapshots/{snapshotId}/status", R(c.ForceSnapshotStatus));
        g.MapGet("/state", R(c.GetState));
    }

    private static RequestDelegate R(Func<HttpContext, Task> handler) => new(handler);

    private static Task Ok(HttpContext ctx, string? detail = null)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        var body = new JsonObject { ["status"] = "ok" };
        if (detail is not null)
        {
            body["detail"] = detail;
        }

        return ctx.Response.WriteAsync(body.ToJsonString(), ctx.RequestAborted);
    }

    private Task Reset(HttpContext ctx)
    {
        services.Store.Reset();
        services.Faults.Clear();
        services.Log.Clear();
        services.ApiLimiter.Clear();
        services.TokenLimiter.Clear();
        return Ok(ctx, "Back to the seed state; faults, request log and rate counters cleared; settings as at start.");
    }

    private Task GetRequests(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, services.Log.Snapshot(), EmulatorJsonContext.Api.ListRequestLogEntry);

    private Task ClearRequests(HttpContext ctx)
    {
        services.Log.Clear();
        return Ok(ctx);
    }

    private Task GetFaults(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, services.Faults.Snapshot(), EmulatorJsonContext.Api.ListFaultRule);

    private async Task AddFault(HttpContext ctx)
    {
        var body = await RequestBody.ReadObjectAsync(ctx);
        var rule = new FaultRule
        {
            Method = OptionalString(body, "method") ?? "*",
            Path = OptionalString(body, "path") ?? "/**",
            Count = OptionalInt(body, "count") ?? 1,
            Kind = OptionalString(body, "kind") ?? throw ApiException.BadRequest("kind is required (status, slow or drop).", Reasons.Required, "kind"),
            Status = OptionalInt(body, "status"),
            RetryAfterSeconds = OptionalInt(body, "retry_after_seconds"),
            DelayMs = OptionalInt(body, "delay_ms"),
            DropStage = OptionalString(body, "drop_stage"),
        };
        var error = services.Faults.Add(rule);
        if (error is not null)
        {
            throw ApiException.BadRequest(error, Reasons.InvalidValue);
        }

        await Responses.WriteJsonAsync(ctx, 200, rule, EmulatorJsonContext.Api.FaultRule);
    }

    private Task ClearFaults(HttpContext ctx)
    {
        services.Faults.Clear();
        return Ok(ctx);
    }

    private Task RemoveFault(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["id"] as string ?? "";
        if (!services.Faults.Remove(id))
        {
            throw ApiException.NotFound($"Fault '{id}' was not found.");
        }

        return Ok(ctx);
    }

    private Task GetSettings(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, services.Store.Settings, EmulatorJsonContext.Api.EmulatorSettings);

    private async Task UpdateSettings(HttpContext ctx)
    {
        var body = await RequestBody.ReadObjectAsync(ctx);
        var transition = OptionalDouble(body, "transition_seconds");
        var snapshot = OptionalDouble(body, "snapshot_seconds");
        var lifetime = OptionalDouble(body, "token_lifetime_seconds");
        var rate = OptionalInt(body, "rate_limit_per_minute");
        var tokenLimit = OptionalInt(body, "token_limit_per_hour");
        var failNext = OptionalInt(body, "fail_next_snapshots");
        foreach (var (name, value) in new (string, double?)[]
                 {
                     ("transition_seconds", transition), ("snapshot_seconds", snapshot), ("token_lifetime_seconds", lifetime),
                     ("rate_limit_per_minute", rate), ("token_limit_per_hour", tokenLimit), ("fail_next_snapshots", failNext),
                 })
        {
            if (value is < 0)
            {
                throw ApiException.BadRequest($"{name} must not be negative.", Reasons.InvalidValue, name);
            }
        }

        var updated = services.Store.UpdateSettings(s =>
        {
            s.TransitionSeconds = transition ?? s.TransitionSeconds;
            s.SnapshotSeconds = snapshot ?? s.SnapshotSeconds;
            s.TokenLifetimeSeconds = lifetime ?? s.TokenLifetimeSeconds;
            s.RateLimitPerMinute = rate ?? s.RateLimitPerMinute;
            s.TokenLimitPerHour = tokenLimit ?? s.TokenLimitPerHour;
            s.FailNextSnapshots = failNext ?? s.FailNextSnapshots;
        });
        await Responses.WriteJsonAsync(ctx, 200, updated, EmulatorJsonContext.Api.EmulatorSettings);
    }

    private Task RevokeTokens(HttpContext ctx) => Ok(ctx, $"{services.Tokens.RevokeAll()} token(s) revoked.");

    private Task ExpireTokens(HttpContext ctx) => Ok(ctx, $"{services.Tokens.ExpireAll()} token(s) expired.");

    private async Task ForceInstanceStatus(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["instanceId"] as string ?? "";
        var status = RequiredStatus(await RequestBody.ReadObjectAsync(ctx));
        var instance = services.Store.ForceInstanceStatus(id, status);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<InstanceView>(InstanceView.From(instance)),
            EmulatorJsonContext.Api.DataResponseInstanceView);
    }

    private async Task ForceSnapshotStatus(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["instanceId"] as string ?? "";
        var sid = ctx.Request.RouteValues["snapshotId"] as string ?? "";
        var status = RequiredStatus(await RequestBody.ReadObjectAsync(ctx));
        var snapshot = services.Store.ForceSnapshotStatus(id, sid, status);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<SnapshotView>(SnapshotView.From(snapshot)),
            EmulatorJsonContext.Api.DataResponseSnapshotView);
    }

    private Task GetState(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, services.Store.Export(), EmulatorJsonContext.Indented.StateDocument);

    private static string RequiredStatus(JsonObject body) =>
        OptionalString(body, "status") is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s)
            ? s
            : throw ApiException.BadRequest("status is required.", Reasons.Required, "status");

    private static string? OptionalString(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        throw ApiException.BadRequest($"{name} must be a string.", Reasons.InvalidType, name);
    }

    private static double? OptionalDouble(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return v.GetValue<double>();
        }

        throw ApiException.BadRequest($"{name} must be a number.", Reasons.InvalidType, name);
    }

    private static int? OptionalInt(JsonObject body, string name)
    {
        var value = OptionalDouble(body, name);
        if (value is null)
        {
            return null;
        }

        if (value != Math.Floor(value.Value) || value > int.MaxValue || value < int.MinValue)
        {
            throw ApiException.BadRequest($"{name} must be a whole number.", Reasons.InvalidType, name);
        }

        return (int)value.Value;
    }
}
