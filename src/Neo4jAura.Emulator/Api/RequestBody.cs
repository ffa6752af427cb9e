using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>Reads JSON request bodies and checks their fields, collecting one error per bad field.</summary>
internal static partial class RequestBody
{
    private const int MaxBodyBytes = 1 << 20;

    [GeneratedRegex(@"^[1-9]\d{0,4}GB$", RegexOptions.CultureInvariant)]
    private static partial Regex MemoryPattern();

    [GeneratedRegex(@"^\d+(\.\d+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    /// <summary>The body as a JSON object; 400 when it is empty, malformed or not an object.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw ApiException.BadRequest("The request body is too large.", Reasons.InvalidRequest);
            }
        }

        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            throw ApiException.BadRequest("A JSON request body is required.", Reasons.InvalidRequest);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"The request body is not valid JSON: {ex.Message}", Reasons.InvalidJson);
        }

        return node as JsonObject
            ?? throw ApiException.BadRequest("The request body must be a JSON object.", Reasons.InvalidRequest);
    }

    /// <summary>Create and restore bodies: every field required; enums, name length and memory checked.</summary>
    public static NewInstanceRequest ParseNewInstance(JsonObject body, bool isRestore)
    {
        var errors = new List<AuraErrorItem>();
        var name = String(body, "name", required: true, errors, maxLength: AuraValues.MaxNameLength);
        var version = isRestore ? null : String(body, "version", required: false, errors);
        var region = String(body, "region", required: true, errors);
        var memory = Memory(body, "memory", required: true, errors);
        var type = Enum(body, "type", required: true, errors, isRestore ? AuraValues.RestoreInstanceTypes : AuraValues.InstanceTypes);
        var tenantId = String(body, "tenant_id", required: true, errors);
        var cloudProvider = Enum(body, "cloud_provider", required: true, errors, AuraValues.CloudProviders);
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            errors.Add(new AuraErrorItem($"version '{version}' is not a Neo4j version such as \"5\".", Reasons.InvalidValue, "version"));
        }

        ThrowIfAny(errors);
        return new NewInstanceRequest(name!, memory!, region!, cloudProvider!, type!, tenantId!, version);
    }

    /// <summary>PATCH body: name and/or memory.</summary>
    public static (string? Name, string? Memory) ParseUpdate(JsonObject body)
    {
        var errors = new List<AuraErrorItem>();
        var name = String(body, "name", required: false, errors, maxLength: AuraValues.MaxNameLength);
        var memory = Memory(body, "memory", required: false, errors);
        ThrowIfAny(errors);
        if (name is null && memory is null)
        {
            throw ApiException.BadRequest("Nothing to update: give name and/or memory.", Reasons.InvalidRequest);
        }

        return (name, memory);
    }

    /// <summary>Overwrite body: source_snapshot_id and source_instance_id.</summary>
    public static (string SourceInstanceId, string SourceSnapshotId) ParseOverwrite(JsonObject body)
    {
        var errors = new List<AuraErrorItem>();
        var snapshot = String(body, "source_snapshot_id", required: true, errors);
        var instance = String(body, "source_instance_id", required: true, errors);
        ThrowIfAny(errors);
        return (instance!, snapshot!);
    }

    private static void ThrowIfAny(List<AuraErrorItem> errors)
    {
        if (errors.Count > 0)
        {
            throw new ApiException(400, errors);
        }
    }

    private static string? String(JsonObject body, string field, bool required, List<AuraErrorItem> errors, int? maxLength = null)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            if (required)
            {
                errors.Add(new AuraErrorItem($"{field} is required.", Reasons.Required, field));
            }

            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new AuraErrorItem($"{field} must be a string.", Reasons.InvalidType, field));
            return null;
        }

        var text = value.GetValue<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new AuraErrorItem($"{field} must not be empty.", required ? Reasons.Required : Reasons.InvalidValue, field));
            return null;
        }

        if (maxLength is int max && text.Length > max)
        {
            errors.Add(new AuraErrorItem($"{field} must be at most {max} characters long (it has {text.Length}).", Reasons.TooLong, field));
            return null;
        }

        return text;
    }

    private static string? Enum(JsonObject body, string field, bool required, List<AuraErrorItem> errors, string[] allowed)
    {
        var text = String(body, field, required, errors);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(new AuraErrorItem(
                $"{field} '{text}' is not valid; use one of: {string.Join(", ", allowed)}.", Reasons.InvalidValue, field));
            return null;
        }

        return text;
    }

    private static string? Memory(JsonObject body, string field, bool required, List<AuraErrorItem> errors)
    {
        var text = String(body, field, required, errors);
        if (text is not null && !MemoryPattern().IsMatch(text))
        {
            errors.Add(new AuraErrorItem(
                $"{field} '{text}' is not a memory size such as \"8GB\".", Reasons.InvalidValue, field));
            return null;
        }

        return text;
    }
}
