using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>The API's envelope: {"data": T}.</summary>
internal sealed class AuraDataEnvelope<T> where T : class
{
    [JsonPropertyName("data")] public T? Data { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The answer of POST /oauth/token.</summary>
internal sealed class AuraTokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public long? ExpiresIn { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>
/// An error body: the API's {"errors": [{"message","reason","field"}]}, its gateway's {"error": "..."} or the token
/// endpoint's OAuth {"error","error_description"}.
/// </summary>
internal sealed class AuraErrorBody
{
    [JsonPropertyName("errors")] public List<AuraApiError>? Errors { get; set; }
    [JsonPropertyName("error")] [JsonConverter(typeof(LenientStringConverter))] public string? Error { get; set; }
    [JsonPropertyName("error_description")] [JsonConverter(typeof(LenientStringConverter))] public string? ErrorDescription { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>
/// The answer of POST /instances (create and clone): id, connection_url, username, password, tenant_id,
/// cloud_provider, region, type, name, created_at (no status). The password is read straight into a SecureString by
/// <see cref="SecureStringJsonConverter"/>: it never becomes a string. Every other field reads leniently: an odd
/// value must not make the module throw away the only copy of the password of an instance that was created.
/// </summary>
internal sealed class AuraInstanceCreated : IDisposable
{
    [JsonPropertyName("id")] [JsonConverter(typeof(LenientStringConverter))] public string? Id { get; set; }
    [JsonPropertyName("name")] [JsonConverter(typeof(LenientStringConverter))] public string? Name { get; set; }
    [JsonPropertyName("status")] [JsonConverter(typeof(LenientStringConverter))] public string? Status { get; set; }
    [JsonPropertyName("tenant_id")] [JsonConverter(typeof(LenientStringConverter))] public string? TenantId { get; set; }
    [JsonPropertyName("cloud_provider")] [JsonConverter(typeof(LenientStringConverter))] public string? CloudProvider { get; set; }
    [JsonPropertyName("region")] [JsonConverter(typeof(LenientStringConverter))] public string? Region { get; set; }
    [JsonPropertyName("type")] [JsonConverter(typeof(LenientStringConverter))] public string? Type { get; set; }
    [JsonPropertyName("memory")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? Memory { get; set; }
    [JsonPropertyName("storage")] [JsonConverter(typeof(LenientSizeConverter))] public AuraSize? Storage { get; set; }
    [JsonPropertyName("connection_url")] [JsonConverter(typeof(LenientStringConverter))] public string? ConnectionUrl { get; set; }
    [JsonPropertyName("created_at")] [JsonConverter(typeof(LenientDateTimeOffsetConverter))] public DateTimeOffset? CreatedAt { get; set; }
    [JsonPropertyName("vector_optimized")] [JsonConverter(typeof(LenientBooleanConverter))] public bool? VectorOptimized { get; set; }
    [JsonPropertyName("graph_analytics_plugin")] [JsonConverter(typeof(LenientBooleanConverter))] public bool? GraphAnalyticsPlugin { get; set; }
    [JsonPropertyName("customer_managed_key_id")] [JsonConverter(typeof(LenientStringConverter))] public string? CustomerManagedKeyId { get; set; }
    [JsonPropertyName("username")] [JsonConverter(typeof(LenientStringConverter))] public string? Username { get; set; }

    [JsonPropertyName("password")]
    [JsonConverter(typeof(SecureStringJsonConverter))]
    public SecureString? Password { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    public void Dispose() => Password?.Dispose();
}

/// <summary>
/// Reads a JSON string (or number) into a read-only SecureString char by char, zeroing the temporary buffer; never
/// writes one.
/// </summary>
internal sealed class SecureStringJsonConverter : JsonConverter<SecureString>
{
    public override SecureString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A password the API sends as a number is still the password: its digits, never a string object.
            var digits = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            var fromNumber = new SecureString();
            foreach (var b in digits) fromNumber.AppendChar((char)b);
            Array.Clear(digits, 0, digits.Length);
            fromNumber.MakeReadOnly();
            return fromNumber;
        }
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("A password must be a JSON string.");
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = new char[length];
        try
        {
            var written = reader.CopyString(buffer);
            var secure = new SecureString();
            for (var i = 0; i < written; i++) secure.AppendChar(buffer[i]);
            secure.MakeReadOnly();
            return secure;
        }
        finally
        {
            Array.Clear(buffer, 0, buffer.Length);
        }
    }

    public override void Write(Utf8JsonWriter writer, SecureString value, JsonSerializerOptions options)
        => writer.WriteStringValue(Redactor.Mask);
}

/// <summary>
/// Reads ISO 8601 timestamps (with or without offset: no offset means UTC); a value that does not parse becomes
/// null instead of failing the whole answer.
/// </summary>
internal sealed class LenientDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                if (reader.TryGetDateTimeOffset(out var exact)) return exact;
                var text = reader.GetString();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)) return parsed;
                return null;
            case JsonTokenType.Number:
                // seconds since the epoch (or milliseconds when it is clearly too large for seconds)
                if (reader.TryGetInt64(out var n))
                {
                    try { return n > 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n); }
                    catch (ArgumentOutOfRangeException) { return null; }
                }
                return null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value.Value.ToString("O", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Reads a text field leniently: numbers and booleans become their text, so a field the API starts sending as a
/// number (memory 8 instead of "8GB") does not break parsing.
/// </summary>
internal class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadText(ref reader);

    /// <summary>The current value as text, leniently (what this converter reads).</summary>
    internal static string? ReadText(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String ? reader.GetString() : ReadOther(ref reader);

    /// <summary>Every token but a string: null, the text of a number or boolean, the raw JSON of an object or array.</summary>
    private static string? ReadOther(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            default:
                using (var doc = JsonDocument.ParseValue(ref reader)) return doc.RootElement.GetRawText();
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}

/// <summary>
/// <see cref="LenientStringConverter"/> for fields with few distinct values (status, tenant, cloud provider, region,
/// type, memory, storage, version): a list of 10,000 instances repeats a handful of them, so each distinct value
/// becomes one string shared by every object that has it (<see cref="AuraStringPool"/>) instead of 10,000 copies.
/// </summary>
internal sealed class PooledStringConverter : LenientStringConverter
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadPooled(ref reader);

    /// <summary>The current value as text, leniently, a string token from the pool.</summary>
    internal static string? ReadPooled(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return ReadText(ref reader);
        if (reader.HasValueSequence || reader.ValueIsEscaped) return reader.GetString();
        return AuraStringPool.Get(ref reader);
    }
}

/// <summary>
/// A small per-thread table of recently read short strings, keyed by their UTF-8 bytes: the same bytes give the same
/// string object. A miss decodes as usual (reader.GetString, which also validates the UTF-8) and takes the slot.
/// Strings are immutable, so sharing them between objects is invisible to callers.
/// </summary>
internal static class AuraStringPool
{
    private const int Slots = 256; // a power of two
    internal const int MaxBytes = 64;

    private struct Entry
    {
        public byte[]? Utf8;
        public string? Value;
    }

    [ThreadStatic] private static Entry[]? t_entries;

    /// <summary>The current (string, unescaped, contiguous) token's text.</summary>
    public static string Get(ref Utf8JsonReader reader)
    {
        var utf8 = reader.ValueSpan;
        if (utf8.Length > MaxBytes) return reader.GetString()!;
        var hash = 2166136261u; // FNV-1a
        for (var i = 0; i < utf8.Length; i++) hash = (hash ^ utf8[i]) * 16777619u;
        var entries = t_entries ??= new Entry[Slots];
        ref var entry = ref entries[(int)(hash & (Slots - 1))];
        if (entry.Utf8 is { } known && utf8.SequenceEqual(known)) return entry.Value!;
        var value = reader.GetString()!;
        entry.Utf8 = utf8.ToArray();
        entry.Value = value;
        return value;
    }
}

/// <summary>Reads a boolean leniently ("true"/"false" strings too); anything else becomes null.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.String:
                return bool.TryParse(reader.GetString(), out var b) ? b : null;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteBooleanValue(value.Value);
    }
}

/// <summary>
/// Reads a size leniently: "8GB" (or 8, read as GB, when the API sends a number); one <see cref="AuraSize"/> object per
/// distinct text (pooled per thread), so a long list shares a handful of them.
/// </summary>
internal sealed class LenientSizeConverter : JsonConverter<AuraSize?>
{
    [ThreadStatic] private static Dictionary<string, AuraSize>? t_sizes;

    public override bool HandleNull => true;

    public override AuraSize? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadSize(ref reader);

    internal static AuraSize? ReadSize(ref Utf8JsonReader reader)
    {
        var text = PooledStringConverter.ReadPooled(ref reader);
        if (string.IsNullOrWhiteSpace(text)) return null;
        var sizes = t_sizes ??= new Dictionary<string, AuraSize>(StringComparer.Ordinal);
        if (sizes.TryGetValue(text!, out var known)) return known;
        var size = new AuraSize(text!);
        if (sizes.Count < 256) sizes[text!] = size;
        return size;
    }

    public override void Write(Utf8JsonWriter writer, AuraSize? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value.Text);
    }
}

/// <summary>Reads a whole number leniently: a number, or a string holding one ("42"); anything else becomes null.</summary>
internal sealed class LenientInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadInt64(ref reader);

    internal static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var n)) return n;
                return reader.TryGetDouble(out var d) && d >= long.MinValue && d <= long.MaxValue ? (long)Math.Round(d) : null;
            case JsonTokenType.String:
                return long.TryParse(reader.GetString()?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteNumberValue(value.Value);
    }
}

/// <summary><see cref="LenientInt64Converter"/> for 32-bit values (out of range becomes null).</summary>
internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => LenientInt64Converter.ReadInt64(ref reader) is { } n && n >= int.MinValue && n <= int.MaxValue ? (int)n : null;

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteNumberValue(value.Value);
    }
}
