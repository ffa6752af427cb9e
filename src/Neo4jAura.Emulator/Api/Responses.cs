using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>The two error shapes Aura sends: the application's Error and the gateway's MiddlewareError.</summary>
public static class ErrorShapes
{
    /// <summary>{"errors":[{"message","reason","field"?}]}</summary>
    public const string Error = "error";

    /// <summary>{"error": "..."}</summary>
    public const string Middleware = "middleware";

    /// <summary>
    /// The shape an answer with this status has by default: the gateway's for 401, 403, 429, 502, 503 and 504 (Aura's
    /// gateway refuses those before the API sees the request), the application's for every other status.
    /// </summary>
    public static string DefaultFor(int status) => status is 401 or 403 or 429 or 502 or 503 or 504 ? Middleware : Error;
}

/// <summary>Writes JSON answers and error bodies.</summary>
internal static class Responses
{
    public static async Task WriteJsonAsync<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, typeInfo, ctx.RequestAborted);
    }

    /// <summary>A literal JSON body, e.g. {} (the 202 answer of a resize).</summary>
    public static Task WriteRawJsonAsync(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json, ctx.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext ctx, int status, IReadOnlyList<AuraErrorItem> errors)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        return WriteJsonAsync(ctx, status, new AuraErrorBody(errors), EmulatorJsonContext.Api.AuraErrorBody);
    }

    public static Task WriteErrorAsync(HttpContext ctx, int status, string message, string reason, string? field = null) =>
        WriteErrorAsync(ctx, status, new[] { new AuraErrorItem(message, reason, field) });

    /// <summary>An error in the given shape (<see cref="ErrorShapes"/>).</summary>
    public static Task WriteShapedErrorAsync(HttpContext ctx, int status, string shape, string message, string reason)
    {
        if (shape != ErrorShapes.Middleware)
        {
            return WriteErrorAsync(ctx, status, message, reason);
        }

        ctx.Response.Headers.CacheControl = "no-store";
        return WriteJsonAsync(ctx, status, new MiddlewareErrorBody(message), EmulatorJsonContext.Api.MiddlewareErrorBody);
    }

    /// <summary>
    /// Sets Retry-After as whole seconds or, per the retry_after_format setting, as an HTTP date. The date is counted
    /// from <paramref name="wallClock"/> (the configured clock without time travel), which the Date header then
    /// carries too, so a client can compare the two.
    /// </summary>
    public static void SetRetryAfter(HttpContext ctx, int seconds, EmulatorSettings settings, DateTimeOffset wallClock)
    {
        if (settings.RetryAfterFormat == RetryAfterFormats.HttpDate)
        {
            var date = new DateTimeOffset(wallClock.UtcTicks - wallClock.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            ctx.Response.Headers.Date = date.ToString("r", CultureInfo.InvariantCulture);
            ctx.Response.Headers.RetryAfter = date.AddSeconds(seconds).ToString("r", CultureInfo.InvariantCulture);
            return;
        }

        ctx.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }
}
