using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Neo4jAura.Emulator.Tests;

/// <summary>Loads the project's description of Aura API v1 (tests/AuraApi) and checks JSON values against its schemas.</summary>
internal static class SpecSchema
{
    private static readonly Lazy<OpenApiDocument> Document = new(Load);

    public static OpenApiDocument Spec => Document.Value;

    /// <summary>tests/AuraApi/aura-api-v1.yaml, copied beside the test assembly by the project file.</summary>
    public static string SpecPath => Path.Combine(AppContext.BaseDirectory, "AuraApi", "aura-api-v1.yaml");

    private static OpenApiDocument Load()
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        using var stream = File.OpenRead(SpecPath);
        var result = OpenApiDocument.LoadAsync(stream, "yaml", settings).GetAwaiter().GetResult();
        if (result.Document is null)
        {
            throw new InvalidOperationException("The spec did not load: " +
                string.Join("; ", result.Diagnostic?.Errors.Select(e => e.Message) ?? Array.Empty<string>()));
        }

        return result.Document;
    }

    /// <summary>Every (path, method, operation) of the spec.</summary>
    public static IEnumerable<(string Path, HttpMethod Method, OpenApiOperation Operation)> Operations()
    {
        foreach (var (path, item) in Spec.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
            {
                yield return (path, method, operation);
            }
        }
    }

    /// <summary>Checks <paramref name="node"/> against <paramref name="schema"/>: types, required, enum, lengths, formats,
    /// properties and items recursively; additionalProperties: false refuses undeclared properties. Returns the problems found.</summary>
    public static List<string> Validate(IOpenApiSchema schema, JsonNode? node, string at = "$")
    {
        var problems = new List<string>();
        Check(schema, node, at, problems);
        return problems;
    }

    private static void Check(IOpenApiSchema schema, JsonNode? node, string at, List<string> problems)
    {
        if (schema.Type is JsonSchemaType type && !TypeMatches(type, node))
        {
            problems.Add($"{at}: expected {type} but got {Kind(node)} ({node?.ToJsonString() ?? "null"})");
            return;
        }

        // The reader keeps an enum's null as a sentinel node (JsonNullSentinel), not as a C# null.
        if (schema.Enum is { Count: > 0 } values
            && !values.Any(v => JsonNullSentinel.IsJsonNullSentinel(v) ? IsNull(node) : JsonNode.DeepEquals(v, node)))
        {
            problems.Add($"{at}: {node?.ToJsonString() ?? "null"} is not one of {string.Join(", ", values.Select(v => v?.ToJsonString()))}");
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (schema.MaxLength is int max && text.Length > max)
            {
                problems.Add($"{at}: longer than {max}");
            }

            if (schema.MinLength is int min && text.Length < min)
            {
                problems.Add($"{at}: shorter than {min}");
            }

            if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            {
                problems.Add($"{at}: '{text}' is not a date-time");
            }

            if (schema.Format == "uri" && !Uri.TryCreate(text, UriKind.Absolute, out _))
            {
                problems.Add($"{at}: '{text}' is not an absolute URI");
            }

            if (!string.IsNullOrEmpty(schema.Pattern) && !System.Text.RegularExpressions.Regex.IsMatch(text, schema.Pattern))
            {
                problems.Add($"{at}: '{text}' does not match {schema.Pattern}");
            }
        }

        if (node is JsonObject obj)
        {
            foreach (var name in schema.Required ?? new HashSet<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    problems.Add($"{at}: required property '{name}' is missing");
                }
            }

            var properties = schema.Properties ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var (name, propertySchema) in properties)
            {
                if (obj.TryGetPropertyValue(name, out var child))
                {
                    Check(propertySchema, child, $"{at}.{name}", problems);
                }
            }

            if (!schema.AdditionalPropertiesAllowed)
            {
                foreach (var (name, _) in obj.Where(p => !properties.ContainsKey(p.Key)))
                {
                    problems.Add($"{at}: property '{name}' is not declared");
                }
            }
        }

        if (node is JsonArray minArray && schema.MinItems is int minItems && minArray.Count < minItems)
        {
            problems.Add($"{at}: fewer than {minItems} items");
        }

        if (node is JsonArray array && schema.Items is not null)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(schema.Items, array[i], $"{at}[{i}]", problems);
            }
        }

        foreach (var part in schema.AllOf ?? new List<IOpenApiSchema>())
        {
            Check(part, node, at, problems);
        }

        if (schema.AnyOf is { Count: > 0 } anyOf && !anyOf.Any(s => Validate(s, node, at).Count == 0))
        {
            problems.Add($"{at}: matches none of anyOf");
        }

        if (schema.OneOf is { Count: > 0 } oneOf && oneOf.Count(s => Validate(s, node, at).Count == 0) != 1)
        {
            problems.Add($"{at}: does not match exactly one of oneOf");
        }
    }

    private static bool TypeMatches(JsonSchemaType type, JsonNode? node)
    {
        bool Has(JsonSchemaType t) => (type & t) == t;
        return node switch
        {
            null => Has(JsonSchemaType.Null),
            JsonObject => Has(JsonSchemaType.Object),
            JsonArray => Has(JsonSchemaType.Array),
            JsonValue v => v.GetValueKind() switch
            {
                JsonValueKind.String => Has(JsonSchemaType.String),
                JsonValueKind.True or JsonValueKind.False => Has(JsonSchemaType.Boolean),
                JsonValueKind.Number => Has(JsonSchemaType.Number) || (Has(JsonSchemaType.Integer) && IsInteger(v)),
                JsonValueKind.Null => Has(JsonSchemaType.Null),
                _ => false,
            },
            _ => false,
        };
    }

    private static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    private static bool IsInteger(JsonValue v) => v.TryGetValue<long>(out _) || (v.TryGetValue<double>(out var d) && d == Math.Floor(d));

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString(),
        _ => "?",
    };
}
