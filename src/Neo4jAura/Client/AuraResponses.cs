using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>Reads the API's answers: the {"data": ...} envelope, lists, and both error shapes.</summary>
internal static class AuraResponses
{
    /// <summary>The body of a POST or PATCH that has no fields to send: the API wants a JSON object with Content-Type application/json.</summary>
    public static byte[] EmptyObject => new[] { (byte)'{', (byte)'}' };

    public static bool IsJsonMediaType(string? mediaType)
        => mediaType is null
           || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
           || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
           || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    public static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) continue;
            return b == '{' || b == '[';
        }
        return false;
    }

    /// <summary>True when the answer claims to be and looks like JSON.</summary>
    public static bool IsJson(AuraHttpOutcome outcome)
        => outcome.Body.Length > 0 && IsJsonMediaType(outcome.ContentType) && LooksLikeJson(outcome.Body.Span);

    /// <summary>Throws AuraInvalidResponse unless the answer has a body that claims to be and looks like JSON.</summary>
    public static void CheckJsonBody(AuraHttpOutcome outcome)
    {
        if (outcome.Body.Length == 0)
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "an empty body where JSON was expected", null);
        }
        if (!IsJson(outcome))
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "a body that is not JSON", Redactor.Snippet(outcome.Body.Span));
        }
    }

    /// <summary>The "data" of an envelope answer; AuraInvalidResponse when it is missing or malformed.</summary>
    public static T ParseData<T>(AuraHttpOutcome outcome, JsonTypeInfo<AuraDataEnvelope<T>> typeInfo) where T : class
    {
        CheckJsonBody(outcome);
        AuraDataEnvelope<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(outcome.Body.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "malformed JSON", null, ex);
        }
        return envelope?.Data
               ?? throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "JSON without \"data\"", null);
    }

    /// <summary>The "data" list of an envelope answer, null entries dropped.</summary>
    public static IReadOnlyList<T> ParseList<T>(AuraHttpOutcome outcome, JsonTypeInfo<AuraDataEnvelope<List<T>>> typeInfo) where T : class
    {
        // The body is already in memory: the span overload parses it in one pass.
        var data = ParseData(outcome, typeInfo);
        data.RemoveAll(item => item is null);
        return data;
    }

    /// <summary>
    /// The API's errors: the application's {"errors":[{"message","reason","field"}]}, the gateway's {"error": "..."},
    /// or an OAuth {"error","error_description"} (as one entry whose reason is the error code). Empty when the body
    /// is none of these.
    /// </summary>
    public static IReadOnlyList<AuraApiError> ParseApiErrors(AuraHttpOutcome outcome)
    {
        if (!IsJson(outcome)) return Array.Empty<AuraApiError>();
        try
        {
            var body = JsonSerializer.Deserialize(outcome.Body.Span, AuraJsonContext.Default.AuraErrorBody);
            if (body?.Errors is { Count: > 0 } errors)
            {
                errors.RemoveAll(e => e is null);
                if (errors.Count > 0) return errors;
            }
            if (!string.IsNullOrWhiteSpace(body?.Error))
            {
                return string.IsNullOrWhiteSpace(body!.ErrorDescription)
                    ? new[] { new AuraApiError { Message = body.Error } }
                    : new[] { new AuraApiError { Message = body.ErrorDescription, Reason = body.Error } };
            }
        }
        catch (JsonException)
        {
        }
        return Array.Empty<AuraApiError>();
    }

    /// <summary>The "data" of an envelope answer, or null when the answer holds none (an empty body, {}, or JSON that does not parse).</summary>
    public static T? DataOrNull<T>(AuraHttpOutcome outcome, JsonTypeInfo<AuraDataEnvelope<T>> typeInfo) where T : class
    {
        if (!IsJson(outcome)) return null;
        try
        {
            return JsonSerializer.Deserialize(outcome.Body.Span, typeInfo)?.Data;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The "id" string of "data" read by a forgiving walk (the rest of the answer may be malformed), or null: what a
    /// create answer that cannot be parsed still tells about the instance it made.
    /// </summary>
    public static string? TryReadDataId(AuraHttpOutcome outcome)
    {
        if (!IsJson(outcome)) return null;
        try
        {
            var reader = new Utf8JsonReader(outcome.Body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var depth = 0;
            var inData = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        if (depth < 2) inData = false;
                        break;
                    case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("data"):
                        inData = true;
                        break;
                    case JsonTokenType.PropertyName when depth == 2 && inData && reader.ValueTextEquals("id"):
                        reader.Read();
                        var id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        return AuraInput.IsValidId(id) ? id : null;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
