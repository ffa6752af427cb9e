using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>Reads request bodies: at most <see cref="Limits.MaxBodyBytes"/> (else 413), UTF-8 (else 400), one JSON object or nothing.</summary>
internal static class RequestBody
{
    /// <summary>True when the request says its body is JSON (application/json, any parameters).</summary>
    public static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The raw body, refused with 413 past the size limit and 400 when it is not UTF-8.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        long total = 0;
        try
        {
            while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
            {
                // Past the limit the rest is read and dropped (up to the drain limit), so the client gets the 413
                // rather than a connection reset while it is still sending.
                total += read;
                if (total <= Limits.MaxBodyBytes && !(ctx.Request.ContentLength > Limits.MaxBodyBytes))
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }

        if (total > Limits.MaxBodyBytes || ctx.Request.ContentLength > Limits.MaxBodyBytes)
        {
            throw TooLarge();
        }

        var bytes = buffer.ToArray();
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw ApiException.BadRequest("The request body is not valid UTF-8.", Reasons.InvalidEncoding);
        }

        return bytes;
    }

    /// <summary>The body as a JSON object (empty when there is none); 400 when it is malformed or not an object.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext ctx)
    {
        return ParseObject(await ReadBytesAsync(ctx));
    }

    /// <summary>
    /// Bytes already read as a JSON object; an empty body is an empty object (Aura takes pause, resume, snapshot and
    /// restore with no body at all, as Neo4j Labs' aura-cli sends them); 400 when they are malformed or not an object.
    /// </summary>
    public static JsonObject ParseObject(byte[] bytes)
    {
        if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return new JsonObject();
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {ex.Message}", Reasons.InvalidJson);
        }

        return node as JsonObject
            ?? throw ApiException.BadRequest("The request body must be a JSON object.", Reasons.InvalidRequest);
    }

    /// <summary>Lets Kestrel pass bodies up to the drain limit: the emulator answers 413 itself, with an Error body.</summary>
    public static void LiftServerLimit(HttpContext ctx)
    {
        var feature = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = Limits.MaxDrainBytes;
        }
    }

    private static ApiException TooLarge() =>
        new(413, $"The request body is larger than {Limits.MaxBodyBytes} bytes.", Reasons.BodyTooLarge);
}
