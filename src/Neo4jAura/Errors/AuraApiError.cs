using System.Text.Json.Serialization;

namespace Neo4jAura.Errors;

/// <summary>One entry of an AuraError body's errors[].</summary>
public sealed class AuraApiError
{
    [JsonPropertyName("message")] [JsonConverter(typeof(Neo4jAura.Client.LenientStringConverter))] public string? Message { get; set; }
    [JsonPropertyName("reason")] [JsonConverter(typeof(Neo4jAura.Client.LenientStringConverter))] public string? Reason { get; set; }
    [JsonPropertyName("field")] [JsonConverter(typeof(Neo4jAura.Client.LenientStringConverter))] public string? Field { get; set; }

    public override string ToString() => Field is null ? (Message ?? Reason ?? "") : $"{Field}: {Message ?? Reason}";
}
