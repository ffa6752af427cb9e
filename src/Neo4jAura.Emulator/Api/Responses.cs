using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neo4jAura.Emulator.Json;

namespace Neo4jAura.Emulator.Api;

/// <summary>Writes JSON answers and AuraError bodies.</summary>
internal static class Responses
{
    public static async Task WriteJsonAsync<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, typeInfo, ctx.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext ctx, int status, IReadOnlyList<AuraErrorItem> errors, int? retryAfterSeconds = null)
    {
        ctx.Response.Headers.CacheControl = "no-store";
        if (retryAfterSeconds is int seconds)
        {
            ctx.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(ctx, status, new AuraErrorBody(errors), EmulatorJsonContext.Api.AuraErrorBody);
    }

    public static Task WriteErrorAsync(HttpContext ctx, int status, string message, string reason, string? field = null, int? retryAfterSeconds = null) =>
        WriteErrorAsync(ctx, status, new[] { new AuraErrorItem(message, reason, field) }, retryAfterSeconds);
}
