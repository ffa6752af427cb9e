using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Neo4jAura.Client;

/// <summary>
/// Masks secrets in text that goes to debug output or error messages: JSON properties whose name holds
/// password, secret, token or authorization (access_token, client_secret, ...) and "Bearer x" / "Basic x" values.
/// </summary>
internal static class Redactor
{
    public const string Mask = "***";

    private static readonly string[] SensitiveNameParts = { "password", "secret", "token", "authorization" };

    // "name" : "value"  (JSON-ish text that did not parse as a whole, e.g. a truncated body)
    private static readonly Regex JsonPair = new(
        "(\"[^\"\\\\]*(?:password|secret|token|authorization)[^\"\\\\]*\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // name=value (form bodies, query strings) and name: value (header-like lines)
    private static readonly Regex FormPair = new(
        "(\\b[A-Za-z_\\-]*(?:password|secret|token|authorization)[A-Za-z_\\-]*\\s*[=:]\\s*)(?!\\s*\")([^&\\s,;]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // Authorization schemes followed by their credential
    private static readonly Regex SchemeValue = new(
        "\\b(Bearer|Basic)(\\s+)[A-Za-z0-9\\-._~+/]+=*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // Three base64url parts: a JWT wherever it appears
    private static readonly Regex Jwt = new(
        "\\beyJ[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]*",
        RegexOptions.CultureInvariant);

    /// <summary>True when a property of this name holds a secret.</summary>
    public static bool IsSensitiveName(string name)
    {
        foreach (var part in SensitiveNameParts)
        {
            if (name.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0) return true;
        }
        return false;
    }

    /// <summary>Masks secrets in any text (JSON when it parses as JSON, else by patterns).</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var trimmed = text!.TrimStart();
        if (trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '['))
        {
            var json = TryRedactJson(Encoding.UTF8.GetBytes(text));
            if (json is not null) return json;
        }
        return RedactPatterns(text);
    }

    /// <summary>Masks secrets in a UTF-8 body without ever turning a secret value into a string.</summary>
    public static string RedactUtf8(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return "";
        var i = 0;
        while (i < body.Length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
        if (i < body.Length && (body[i] == '{' || body[i] == '['))
        {
            var json = TryRedactJson(body);
            if (json is not null) return json;
        }
        return RedactPatterns(Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>Pattern-based masking for text that is not (complete) JSON.</summary>
    public static string RedactPatterns(string text)
    {
        // Scheme values first, so that "Authorization: Bearer x" loses x and not just the word Bearer.
        var result = SchemeValue.Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        result = Jwt.Replace(result, Mask);
        result = JsonPair.Replace(result, m => m.Groups[1].Value + "\"" + Mask + "\"");
        result = FormPair.Replace(result, m => m.Groups[1].Value + Mask);
        return result;
    }

    /// <summary>Re-writes JSON with every sensitive property's value replaced by "***"; null when it is not valid JSON.</summary>
    private static string? TryRedactJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                var maskNext = false;
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            var name = reader.GetString() ?? "";
                            writer.WritePropertyName(name);
                            maskNext = IsSensitiveName(name);
                            continue;
                        case JsonTokenType.StartObject:
                        case JsonTokenType.StartArray:
                            if (maskNext)
                            {
                                reader.Skip();
                                writer.WriteStringValue(Mask);
                            }
                            else if (reader.TokenType == JsonTokenType.StartObject) writer.WriteStartObject();
                            else writer.WriteStartArray();
                            break;
                        case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                        case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                        case JsonTokenType.String:
                            if (maskNext) writer.WriteStringValue(Mask);
                            else writer.WriteStringValue(RedactPatterns(reader.GetString() ?? ""));
                            break;
                        case JsonTokenType.Number:
                            if (maskNext) writer.WriteStringValue(Mask);
                            else writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                            break;
                        case JsonTokenType.True:
                        case JsonTokenType.False:
                            if (maskNext) writer.WriteStringValue(Mask);
                            else writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                            break;
                        case JsonTokenType.Null:
                            writer.WriteNullValue();
                            break;
                    }
                    maskNext = false;
                }
            }
            if (reader.BytesConsumed < utf8.Length && !IsWhiteSpace(utf8.Slice((int)reader.BytesConsumed))) return null;
            var bytes = output.GetBuffer();
            var text = Encoding.UTF8.GetString(bytes, 0, (int)output.Length);
            Array.Clear(bytes, 0, bytes.Length);
            return text;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
    }

    /// <summary>A short, single-line, masked excerpt of a body that is not JSON (an HTML page from a proxy).</summary>
    public static string Snippet(ReadOnlySpan<byte> body, int maxChars = 200)
    {
        if (body.IsEmpty) return "";
        var take = Math.Min(body.Length, maxChars * 4);
        var text = Encoding.UTF8.GetString(body.Slice(0, take).ToArray());
        text = Regex.Replace(text, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        text = Regex.Replace(text, "<[^>]*>", " ");
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!space && sb.Length > 0) sb.Append(' ');
                space = true;
                continue;
            }
            sb.Append(c);
            space = false;
        }
        var cleaned = RedactPatterns(sb.ToString().Trim());
        return cleaned.Length <= maxChars ? cleaned : cleaned.Substring(0, maxChars) + "…";
    }
}
