using System.Text.Json;
using System.Text.Json.Nodes;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Control;

/// <summary>The control API under /_emulator: guarded by <see cref="ControlAccess"/>, not rate limited, not in the request log.</summary>
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
        g.MapGet("/clock", R(c.GetClock));
        g.MapPost("/clock", R(c.AdvanceClock));
        g.MapPost("/tokens/revoke", R(c.RevokeTokens));
        g.MapPost("/tokens/expire", R(c.ExpireTokens));
        g.MapPost("/instances/{instanceId}/status", R(c.ForceInstanceStatus));
        g.MapPost("/instances/{instanceId}/snapshots/{snapshotId}/status", R(c.ForceSnapshotStatus));
        g.MapGet("/state", R(c.GetState));
    }

    private static RequestDelegate R(Func<HttpContext, Task> handler) => new(handler);

    private static Task Ok(HttpContext ctx, string? detail = null)
    {
        var body = new JsonObject { ["status"] = "ok" };
        if (detail is not null)
        {
            body["detail"] = detail;
        }

        return Responses.WriteRawJsonAsync(ctx, 200, body.ToJsonString());
    }

    /// <summary>
    /// A control body: JSON with Content-Type application/json (else 415), or nothing at all (read as {}, whatever
    /// the Content-Type: PowerShell's Invoke-RestMethod sends one with an empty POST), so that POST /_emulator/reset and
    /// the token switches need no body. Web pages are kept out by the Origin check, not by this.
    /// </summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpContext ctx)
    {
        var bytes = await RequestBody.ReadBytesAsync(ctx);
        if (bytes.Length == 0)
        {
            return new JsonObject();
        }

        if (!RequestBody.IsJson(ctx.Request))
        {
            throw new ApiException(415, "Control requests with a body need Content-Type: application/json.", Reasons.UnsupportedMediaType);
        }

        return RequestBody.ParseObject(bytes);
    }

    private async Task Reset(HttpContext ctx)
    {
        await ReadBodyAsync(ctx);
        services.Store.Reset();
        services.Faults.Clear();
        services.Log.Clear();
        services.ApiLimiter.Clear();
        services.TokenLimiter.Clear();
        await Ok(ctx, "Back to the seed state and the real time; faults, request log and rate counters cleared; settings as at start.");
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
        var body = await ReadBodyAsync(ctx);
        var rule = new FaultRule
        {
            Method = OptionalString(body, "method") ?? "*",
            Path = OptionalString(body, "path") ?? "/**",
            Count = OptionalInt(body, "count") ?? 1,
            Kind = OptionalString(body, "kind") ?? throw ApiException.BadRequest("kind is required (status, slow, drop or redirect).", Reasons.Required, "kind"),
            Status = OptionalInt(body, "status"),
            RetryAfterSeconds = OptionalInt(body, "retry_after_seconds"),
            DelayMs = OptionalInt(body, "delay_ms"),
            DropStage = OptionalString(body, "drop_stage"),
            Shape = OptionalString(body, "shape"),
            Location = OptionalString(body, "location"),
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
            throw new ApiException(404, $"Fault '{id}' was not found.", Reasons.NotFound);
        }

        return Ok(ctx);
    }

    private Task GetSettings(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, services.Store.Settings, EmulatorJsonContext.Api.EmulatorSettings);

    private async Task UpdateSettings(HttpContext ctx)
    {
        var body = await ReadBodyAsync(ctx);
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "transition_seconds", "creation_seconds", "snapshot_seconds", "token_lifetime_seconds", "rate_limit_per_minute",
            "token_limit_per_hour", "fail_next_snapshots", "fail_next_clones", "instance_limit", "missing_billing_details",
            "snapshots_payment_required", "api_expires", "retry_after_format",
        };
        var unknown = body.Select(p => p.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiException.BadRequest($"Unknown settings: {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.", Reasons.InvalidValue, unknown[0]);
        }

        double? Seconds(string name) => Checked(name, OptionalDouble(body, name), Limits.CheckSeconds);
        int? Count(string name) => (int?)Checked(name, OptionalDouble(body, name), Limits.CheckCount);
        var transition = Seconds("transition_seconds");
        var creation = Seconds("creation_seconds");
        var snapshot = Seconds("snapshot_seconds");
        var lifetime = Seconds("token_lifetime_seconds");
        var rate = Count("rate_limit_per_minute");
        var tokenLimit = Count("token_limit_per_hour");
        var failSnapshots = Count("fail_next_snapshots");
        var failClones = Count("fail_next_clones");
        var instanceLimit = Count("instance_limit");
        var billing = OptionalBool(body, "missing_billing_details");
        var payment = OptionalBool(body, "snapshots_payment_required");
        var retryFormat = OptionalString(body, "retry_after_format");
        if (retryFormat is not null && retryFormat is not (RetryAfterFormats.Seconds or RetryAfterFormats.HttpDate))
        {
            throw ApiException.BadRequest("retry_after_format must be \"seconds\" or \"http-date\".", Reasons.InvalidValue, "retry_after_format");
        }

        string? expires = null;
        var clearExpires = body.TryGetPropertyValue("api_expires", out var expiresNode) && (expiresNode is null || OptionalString(body, "api_expires") == "");
        if (!clearExpires && OptionalString(body, "api_expires") is { } text)
        {
            expires = EmulatorSettings.TryParseExpiry(text, out var date)
                ? EmulatorSettings.FormatExpiry(date)
                : throw ApiException.BadRequest($"api_expires '{text}' is not a date (e.g. 2026-03-01 or 'Sun, 01 Mar 2026 00:00:00 UTC').",
                    Reasons.InvalidValue, "api_expires");
        }

        var updated = services.Store.UpdateSettings(s =>
        {
            s.TransitionSeconds = transition ?? s.TransitionSeconds;
            s.CreationSeconds = creation ?? s.CreationSeconds;
            s.SnapshotSeconds = snapshot ?? s.SnapshotSeconds;
            s.TokenLifetimeSeconds = lifetime ?? s.TokenLifetimeSeconds;
            s.RateLimitPerMinute = rate ?? s.RateLimitPerMinute;
            s.TokenLimitPerHour = tokenLimit ?? s.TokenLimitPerHour;
            s.FailNextSnapshots = failSnapshots ?? s.FailNextSnapshots;
            s.FailNextClones = failClones ?? s.FailNextClones;
            s.InstanceLimit = instanceLimit ?? s.InstanceLimit;
            s.MissingBillingDetails = billing ?? s.MissingBillingDetails;
            s.SnapshotsPaymentRequired = payment ?? s.SnapshotsPaymentRequired;
            s.RetryAfterFormat = retryFormat ?? s.RetryAfterFormat;
            s.ApiExpires = clearExpires ? null : expires ?? s.ApiExpires;
        });
        await Responses.WriteJsonAsync(ctx, 200, updated, EmulatorJsonContext.Api.EmulatorSettings);
    }

    private Task GetClock(HttpContext ctx) => WriteClock(ctx);

    private async Task AdvanceClock(HttpContext ctx)
    {
        var body = await ReadBodyAsync(ctx);
        var seconds = OptionalDouble(body, "advance_seconds")
            ?? throw ApiException.BadRequest("advance_seconds is required.", Reasons.Required, "advance_seconds");
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > Limits.MaxClockAdvanceSeconds)
        {
            throw ApiException.BadRequest(
                $"advance_seconds must be from 0 to {Limits.MaxClockAdvanceSeconds:0} (a year); the clock never goes back.",
                Reasons.InvalidValue, "advance_seconds");
        }

        services.Store.AdvanceClock(TimeSpan.FromSeconds(seconds));
        await WriteClock(ctx);
    }

    private Task WriteClock(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, new ClockView(AuraTime.FormatPrecise(services.Store.Now), services.Store.ClockOffset.TotalSeconds),
            EmulatorJsonContext.Api.ClockView);

    private async Task RevokeTokens(HttpContext ctx)
    {
        await ReadBodyAsync(ctx);
        await Ok(ctx, $"{services.Tokens.RevokeAll()} token(s) revoked.");
    }

    private async Task ExpireTokens(HttpContext ctx)
    {
        await ReadBodyAsync(ctx);
        await Ok(ctx, $"{services.Tokens.ExpireAll()} token(s) expired.");
    }

    private async Task ForceInstanceStatus(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["instanceId"] as string ?? "";
        var status = RequiredStatus(await ReadBodyAsync(ctx), InstanceStatus.All);
        var instance = services.Store.ForceInstanceStatus(id, status);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<InstanceView>(InstanceView.From(instance)),
            EmulatorJsonContext.Api.DataResponseInstanceView);
    }

    private async Task ForceSnapshotStatus(HttpContext ctx)
    {
        var id = ctx.Request.RouteValues["instanceId"] as string ?? "";
        var sid = ctx.Request.RouteValues["snapshotId"] as string ?? "";
        var status = RequiredStatus(await ReadBodyAsync(ctx), SnapshotStatus.All);
        var snapshot = services.Store.ForceSnapshotStatus(id, sid, status);
        await Responses.WriteJsonAsync(ctx, 200, new DataResponse<SnapshotView>(SnapshotView.From(snapshot)),
            EmulatorJsonContext.Api.DataResponseSnapshotView);
    }

    private Task GetState(HttpContext ctx) =>
        Responses.WriteJsonAsync(ctx, 200, services.Store.Export(), EmulatorJsonContext.Indented.StateDocument);

    private static double? Checked(string name, double? value, Func<string, double, string?> check) =>
        value is double v && check(name, v) is { } problem ? throw ApiException.BadRequest(problem, Reasons.InvalidValue, name) : value;

    private static string RequiredStatus(JsonObject body, string[] allowed)
    {
        var status = OptionalString(body, "status");
        if (string.IsNullOrWhiteSpace(status))
        {
            throw ApiException.BadRequest("status is required.", Reasons.Required, "status");
        }

        return allowed.Contains(status, StringComparer.Ordinal)
            ? status
            : throw ApiException.BadRequest($"status '{status}' is not one of: {string.Join(", ", allowed)}.", Reasons.InvalidValue, "status");
    }

    private static string? OptionalString(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw ApiException.BadRequest($"{name} must be a string.", Reasons.InvalidType, name);
    }

    private static bool? OptionalBool(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw ApiException.BadRequest($"{name} must be true or false.", Reasons.InvalidType, name);
    }

    private static double? OptionalDouble(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d)
            ? d
            : throw ApiException.BadRequest($"{name} must be a number.", Reasons.InvalidType, name);
    }

    private static int? OptionalInt(JsonObject body, string name)
    {
        var value = OptionalDouble(body, name);
        if (value is null)
        {
            return null;
        }

        return value == Math.Floor(value.Value) && value <= int.MaxValue && value >= int.MinValue
            ? (int)value.Value
            : throw ApiException.BadRequest($"{name} must be a whole number.", Reasons.InvalidType, name);
    }
}
