using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Text.Json;

namespace Neo4jAura.Commands;

/// <summary>JSON to PowerShell values and back, without reflection serialisation (Invoke-AuraApi, unknown API fields).</summary>
internal static class JsonPs
{
    private const int MaxDepth = 64;

    /// <summary>
    /// A JSON value as a plain PowerShell value: objects become PSCustomObjects (properties in document order),
    /// arrays object[], numbers long (or decimal/double), strings string, true/false bool, null null.
    /// </summary>
    public static object? ToPSValue(JsonElement element) => ToPSValue(element, 0);

    /// <summary>
    /// <see cref="ToPSValue(JsonElement)"/>, with the value of every property whose name means a secret (password,
    /// token, secret, ...; escaped names arrive decoded), whatever its JSON type, held as an <see cref="AuraSecret"/>
    /// that shows and serialises as *** (its user name from a "username" beside it), and every other string passed
    /// through <paramref name="maskText"/> when given (Invoke-AuraApi: the masking -Raw applies to the text).
    /// </summary>
    public static object? ToPSValueProtected(JsonElement element, Func<string, string>? maskText = null) => ToPSValue(element, 0, protect: true, maskText);

    private static object? ToPSValue(JsonElement element, int depth, bool protect = false, Func<string, string>? maskText = null)
    {
        if (depth > MaxDepth) throw new InvalidDataException("The JSON is nested too deeply.");
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new PSObject();
                string? userName = null;
                foreach (var property in element.EnumerateObject())
                {
                    object? value;
                    if (protect && Neo4jAura.Client.Redactor.IsSensitiveName(property.Name))
                    {
                        value = AuraSecret.FromText(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText());
                    }
                    else
                    {
                        value = ToPSValue(property.Value, depth + 1, protect, maskText);
                        if (string.Equals(property.Name, "username", StringComparison.OrdinalIgnoreCase) && value is string user) userName = user;
                    }
                    var existing = obj.Properties[property.Name];
                    if (existing is not null) existing.Value = value; // a repeated key: the last one wins, as in ConvertFrom-Json
                    else obj.Properties.Add(new PSNoteProperty(property.Name, value));
                }
                if (userName is not null)
                {
                    foreach (var property in obj.Properties)
                    {
                        if (property.Value is AuraSecret secret) secret.UserName = userName;
                    }
                }
                return obj;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in element.EnumerateArray()) list.Add(ToPSValue(item, depth + 1, protect, maskText));
                return list.ToArray();
            case JsonValueKind.String:
                var text = element.GetString();
                return text is not null && maskText is not null ? maskText(text) : text;
            case JsonValueKind.Number:
                if (element.TryGetInt32(out var i)) return i;
                if (element.TryGetInt64(out var l)) return l;
                if (element.TryGetDecimal(out var d)) return d;
                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    /// <summary>Parses JSON text into plain PowerShell values.</summary>
    public static object? Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return ToPSValue(doc.RootElement);
    }

    /// <summary>
    /// A request body as JSON text: a string is taken as JSON (and must parse); a hashtable/dictionary, PSCustomObject,
    /// array or scalar is converted. Other objects are written with their public properties as PowerShell sees them.
    /// </summary>
    public static string ToJsonBody(object? body)
    {
        var value = body is PSObject ps && ps.BaseObject is string s ? s : body;
        if (value is string text)
        {
            using var _ = JsonDocument.Parse(text); // throws JsonException when it is not JSON
            return text;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, body, 0);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("The body is nested too deeply (or refers to itself).");
        if (value is PSObject pso)
        {
            if (pso.BaseObject is PSCustomObject)
            {
                writer.WriteStartObject();
                foreach (var property in pso.Properties)
                {
                    if (property is PSNoteProperty or PSScriptProperty or PSAliasProperty or PSProperty)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, SafeValue(property), depth + 1);
                    }
                }
                writer.WriteEndObject();
                return;
            }
            value = pso.BaseObject;
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue(); return;
            case string str:
                writer.WriteStringValue(str); return;
            case char ch:
                writer.WriteStringValue(ch.ToString()); return;
            case bool b:
                writer.WriteBooleanValue(b); return;
            case SwitchParameter sw:
                writer.WriteBooleanValue(sw.IsPresent); return;
            case SecureString:
            case AuraSecret:
                throw new ArgumentException("A SecureString cannot be sent in a body: convert it deliberately if you must.");
            case AuraSize size:
                writer.WriteStringValue(size.Text); return;
            case Enum e:
                writer.WriteStringValue(e.ToString()); return;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); return;
            case ulong ul:
                writer.WriteNumberValue(ul); return;
            case float or double:
                var dbl = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(dbl) || double.IsInfinity(dbl)) writer.WriteNullValue(); else writer.WriteNumberValue(dbl);
                return;
            case decimal dec:
                writer.WriteNumberValue(dec); return;
            case DateTime dt:
                writer.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
            case Guid g:
                writer.WriteStringValue(g.ToString()); return;
            case Uri u:
                writer.WriteStringValue(u.OriginalString); return;
            case IDictionary dict:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dict)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(writer, entry.Value, depth + 1);
                }
                writer.WriteEndObject();
                return;
            case IEnumerable seq:
                writer.WriteStartArray();
                foreach (var item in seq) Write(writer, item, depth + 1);
                writer.WriteEndArray();
                return;
            default:
                // Any other object: its properties as PowerShell sees them (what ConvertTo-Json would do), not .NET reflection serialisation.
                writer.WriteStartObject();
                foreach (var property in PSObject.AsPSObject(value).Properties)
                {
                    if (!property.IsGettable) continue;
                    writer.WritePropertyName(property.Name);
                    Write(writer, SafeValue(property), depth + 1);
                }
                writer.WriteEndObject();
                return;
        }
    }

    private static object? SafeValue(PSPropertyInfo property)
    {
        try { return property.Value; }
        catch (GetValueException) { return null; }
    }
}
