using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Models;

namespace Neo4jAura.Client;

/// <summary>
/// Reads and writes <see cref="AuraInstance"/> with one Utf8JsonReader loop. The source-generated metadata path
/// reads the same fields at 2.2-2.5x the cost of a bare JsonDocument.Parse of the answer (a ReadStack frame, a
/// property cache lookup and a converter dispatch per field); lists of thousands of instances are the module's
/// biggest answers, and this loop reads them at well under that (benchmarks/README.md, Parsing). The rules are the
/// same as the attributes on the model say: exact (case-sensitive) names, every text field lenient
/// (<see cref="LenientStringConverter"/>), low-cardinality fields pooled (<see cref="AuraStringPool"/>), unknown
/// fields kept as extension data, the credential never read nor written.
/// </summary>
internal sealed class AuraInstanceConverter : JsonConverter<AuraInstance>
{
    private enum Field { Unknown, Id, Name, Status, TenantId, CloudProvider, Region, Type, Memory, Storage, ConnectionUrl, MetricsIntegrationUrl, Neo4jVersion }

    public override AuraInstance? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"An instance must be a JSON object, not {reader.TokenType}.");
        var instance = new AuraInstance();
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject) return instance;
            if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException($"Unexpected {reader.TokenType} in an instance.");
            var field = FieldOf(ref reader, out var unknownName);
            reader.Read();
            switch (field)
            {
                case Field.Id: instance.Id = LenientStringConverter.ReadText(ref reader)!; break;
                case Field.Name: instance.Name = LenientStringConverter.ReadText(ref reader); break;
                case Field.Status: instance.Status = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.TenantId: instance.TenantId = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.CloudProvider: instance.CloudProvider = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.Region: instance.Region = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.Type: instance.Type = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.Memory: instance.Memory = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.Storage: instance.Storage = PooledStringConverter.ReadPooled(ref reader); break;
                case Field.ConnectionUrl: instance.ConnectionUrl = LenientStringConverter.ReadText(ref reader); break;
                case Field.MetricsIntegrationUrl: instance.MetricsIntegrationUrl = LenientStringConverter.ReadText(ref reader); break;
                case Field.Neo4jVersion: instance.Neo4jVersion = PooledStringConverter.ReadPooled(ref reader); break;
                default:
                    (instance.ExtensionData ??= new Dictionary<string, JsonElement>())[unknownName!] = JsonElement.ParseValue(ref reader);
                    break;
            }
        }
    }

    public override void Write(Utf8JsonWriter writer, AuraInstance value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("id", value.Id);
        WriteText(writer, "name", value.Name);
        WriteText(writer, "status", value.Status);
        WriteText(writer, "tenant_id", value.TenantId);
        WriteText(writer, "cloud_provider", value.CloudProvider);
        WriteText(writer, "region", value.Region);
        WriteText(writer, "type", value.Type);
        WriteText(writer, "memory", value.Memory);
        WriteText(writer, "storage", value.Storage);
        WriteText(writer, "connection_url", value.ConnectionUrl);
        WriteText(writer, "metrics_integration_url", value.MetricsIntegrationUrl);
        WriteText(writer, "neo4j_version", value.Neo4jVersion);
        if (value.ExtensionData is { } extra)
        {
            foreach (var pair in extra)
            {
                writer.WritePropertyName(pair.Key);
                pair.Value.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    /// <summary>The field the current property name names; for any other name, the name itself.</summary>
    private static Field FieldOf(ref Utf8JsonReader reader, out string? unknownName)
    {
        Field field;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            field = FieldOf(reader.ValueSpan);
            unknownName = field == Field.Unknown ? reader.GetString() : null;
            return field;
        }
        // Rare: an escaped name ("\u0069d") or one split across buffers.
        var name = reader.GetString()!;
        field = FieldOf(System.Text.Encoding.UTF8.GetBytes(name));
        unknownName = field == Field.Unknown ? name : null;
        return field;
    }

    private static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("id"u8) => Field.Id,
        4 when name.SequenceEqual("name"u8) => Field.Name,
        4 when name.SequenceEqual("type"u8) => Field.Type,
        6 when name.SequenceEqual("status"u8) => Field.Status,
        6 when name.SequenceEqual("region"u8) => Field.Region,
        6 when name.SequenceEqual("memory"u8) => Field.Memory,
        7 when name.SequenceEqual("storage"u8) => Field.Storage,
        9 when name.SequenceEqual("tenant_id"u8) => Field.TenantId,
        13 when name.SequenceEqual("neo4j_version"u8) => Field.Neo4jVersion,
        14 when name.SequenceEqual("cloud_provider"u8) => Field.CloudProvider,
        14 when name.SequenceEqual("connection_url"u8) => Field.ConnectionUrl,
        23 when name.SequenceEqual("metrics_integration_url"u8) => Field.MetricsIntegrationUrl,
        _ => Field.Unknown,
    };
}
