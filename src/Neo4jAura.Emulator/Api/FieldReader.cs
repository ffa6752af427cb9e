using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>Reads the fields of a JSON body, collecting one error per bad field; <see cref="ThrowIfAny"/> answers 400 with all of them.</summary>
internal sealed class FieldReader
{
    private readonly JsonObject body;
    private readonly List<AuraErrorItem> errors = new();

    public FieldReader(JsonObject body) => this.body = body;

    public bool Has(string field) => body.TryGetPropertyValue(field, out var node) && node is not null;

    public void Error(string field, string message, string reason = Reasons.InvalidValue) =>
        errors.Add(new AuraErrorItem(message, reason, field));

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new ApiException(400, errors.ToList());
        }
    }

    /// <summary>A string; names (<paramref name="name"/>) are 1 to 30 characters with no surrounding whitespace.</summary>
    public string? String(string field, bool required = false, bool name = false)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            if (required)
            {
                Error(field, $"{field} is required.", Reasons.Required);
            }

            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            Error(field, $"{field} must be a string.", Reasons.InvalidType);
            return null;
        }

        var text = value.GetValue<string>();
        if (text.Length == 0 || (!name && string.IsNullOrWhiteSpace(text)))
        {
            Error(field, $"{field} must not be empty.", required ? Reasons.Required : Reasons.InvalidValue);
            return null;
        }

        if (name)
        {
            var length = text.EnumerateRunes().Count();
            if (length > AuraValues.MaxNameLength)
            {
                Error(field, $"{field} must be at most {AuraValues.MaxNameLength} characters long (it has {length}).", Reasons.TooLong);
                return null;
            }

            if (text.Trim() != text)
            {
                Error(field, $"{field} must not start or end with whitespace.");
                return null;
            }
        }

        return text;
    }

    public string? Enum(string field, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var text = String(field, required);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(field, $"{field} '{text}' is not valid; use one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return text;
    }

    /// <summary>A size such as "8GB".</summary>
    public string? Size(string field, bool required = false)
    {
        var text = String(field, required);
        if (text is not null && (AuraValues.Gigabytes(text) is not int gb || gb < 1 || text.StartsWith('0')))
        {
            Error(field, $"{field} '{text}' is not a size such as \"8GB\".");
            return null;
        }

        return text;
    }

    public bool? Bool(string field)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        Error(field, $"{field} must be true or false.", Reasons.InvalidType);
        return null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long? Integer(string field, long min, long max, bool required = false)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            if (required)
            {
                Error(field, $"{field} is required.", Reasons.Required);
            }

            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<double>(out var number)
            || number != Math.Floor(number))
        {
            Error(field, $"{field} must be a whole number.", Reasons.InvalidType);
            return null;
        }

        if (number < min || number > max)
        {
            Error(field, $"{field} must be from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return (long)number;
    }

    /// <summary>An array of strings, each one of <paramref name="allowed"/>.</summary>
    public List<string> StringArray(string field, IReadOnlyCollection<string> allowed)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            return new List<string>();
        }

        if (node is not JsonArray array || array.Count > 32
            || array.Any(item => item is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            Error(field, $"{field} must be an array of at most 32 strings.", Reasons.InvalidType);
            return new List<string>();
        }

        var values = array.Select(item => item!.GetValue<string>()).ToList();
        var unknown = values.Where(v => !allowed.Contains(v, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            Error(field, $"{field} has unknown values ({string.Join(", ", unknown)}); use: {string.Join(", ", allowed)}.");
        }

        return values;
    }
}
