using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text.Json;

namespace Neo4jAura;

/// <summary>Turns JSON the module does not model into plain .NET values PowerShell shows naturally.</summary>
internal static class AuraJsonValues
{
    /// <summary>
    /// string, long (or double when it is not a whole 64-bit number), bool, null, object?[] for arrays and an
    /// OrderedDictionary (what PowerShell's [ordered] makes) for objects.
    /// </summary>
    public static object? ToPlain(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l)) return l;
                if (element.TryGetDouble(out var d)) return d;
                return element.GetRawText();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in element.EnumerateArray()) list.Add(ToPlain(item));
                return list.ToArray();
            case JsonValueKind.Object:
                var dict = new OrderedDictionary();
                foreach (var p in element.EnumerateObject()) dict[p.Name] = ToPlain(p.Value);
                return dict;
            default:
                return null;
        }
    }

    /// <summary>
    /// The extension data as name/value pairs of plain values, in the order the API sent them; fields whose name
    /// suggests a secret (password, secret, token, authorization) are never handed out.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, object?>> Enumerate(Dictionary<string, JsonElement>? extensionData)
    {
        if (extensionData is null) yield break;
        foreach (var pair in extensionData)
        {
            if (Neo4jAura.Client.Redactor.IsSensitiveName(pair.Key)) continue;
            yield return new KeyValuePair<string, object?>(pair.Key, ToPlain(pair.Value));
        }
    }
}
