using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>
/// A list answer ({"data": [...]}) held in memory and read one element at a time, so the first object can go down
/// the pipeline while the rest are still bytes.
/// <para>
/// An answer up to <see cref="CheckWholeLimit"/> bytes (about 600 instances with every field) is checked whole before
/// the first element is handed out (well-formed JSON, one object, "data" an array of objects or nulls), so a malformed
/// answer fails before anything is output. A larger one is checked up to the start of "data" and then read as it
/// goes: a check of the whole first would cost about two thirds of a JsonDocument.Parse again, and a pool thread
/// checking alongside the reader did not pay on a two-core machine (benchmarks/README.md, Parsing). A fault part way
/// through it fails with an error that says how many elements were already handed out. Dispose zeroes the body.
/// </para>
/// </summary>
internal sealed class AuraListReader<T> : IDisposable where T : class
{
    /// <summary>Answers up to this size are checked whole before the first element (well under a millisecond).</summary>
    internal const int CheckWholeLimit = 256 * 1024;

    private readonly AuraHttpOutcome _outcome;
    private readonly JsonSerializerOptions _options;
    private readonly JsonConverter<T> _converter;
    private readonly int _arrayStart;
    private readonly JsonReaderState _arrayState;
    /// <summary>True when the whole answer was checked before the first element.</summary>
    private readonly bool _checkedWhole;
    private bool _reading;

    /// <summary>Elements parsed so far (tests: the first element is handed out long before the last is parsed).</summary>
    internal int Parsed { get; private set; }

    /// <summary>Elements handed out so far (null elements are skipped, not handed out).</summary>
    public int HandedOut { get; private set; }

    /// <summary>Takes ownership of <paramref name="outcome"/>; throws AuraInvalidResponse (and disposes it) when the body is not a list answer.</summary>
    internal AuraListReader(AuraHttpOutcome outcome, JsonTypeInfo<T> typeInfo)
    {
        _outcome = outcome;
        // The element's converter itself: JsonSerializer.Deserialize(ref reader) would first skip over each element
        // to find its end and then read it again (about 0.9 us an element here).
        _options = typeInfo.Options;
        _converter = (JsonConverter<T>)_options.GetConverter(typeof(T));
        try
        {
            var json = outcome.Body.Span;
            _checkedWhole = json.Length <= CheckWholeLimit;
            _arrayStart = Walk(json, _checkedWhole, out _arrayState);
        }
        catch (JsonException ex)
        {
            outcome.Dispose();
            throw Invalid(ex, 0);
        }
        catch
        {
            outcome.Dispose();
            throw;
        }
        if (_arrayStart < 0)
        {
            outcome.Dispose();
            throw AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "JSON without \"data\"", null);
        }
    }

    /// <summary>
    /// The elements in order, parsed as they are asked for (null elements skipped). One pass only; each element is a
    /// new object. Throws AuraInvalidResponse when the document turns out malformed (see the class).
    /// </summary>
    public IEnumerable<T> Read(CancellationToken cancellationToken)
    {
        if (_reading) throw new InvalidOperationException("A list answer can be read once.");
        _reading = true;
        return ReadCore(cancellationToken);
    }

    private IEnumerable<T> ReadCore(CancellationToken cancellationToken)
    {
        var position = _arrayStart;
        var state = _arrayState;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            T? item;
            try
            {
                if (!ReadNext(ref position, ref state, out item)) yield break;
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                throw Invalid(ex, HandedOut);
            }
            if (item is null) continue;
            HandedOut++;
            yield return item;
        }
    }

    /// <summary>Reads the element at <paramref name="position"/> (just inside the array or after an element); false at the array's end.</summary>
    private bool ReadNext(ref int position, ref JsonReaderState state, out T? item)
    {
        var reader = new Utf8JsonReader(_outcome.Body.Span.Slice(position), isFinalBlock: true, state);
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            if (!_checkedWhole)
            {
                // The rest of the answer: other members, the closing brace, nothing after it.
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    reader.Read();
                    reader.Skip();
                }
                if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) throw new JsonException("The answer does not end where its object ends.");
            }
            item = null;
            return false;
        }
        item = reader.TokenType == JsonTokenType.Null ? null : _converter.Read(ref reader, typeof(T), _options);
        Parsed++;
        position += (int)reader.BytesConsumed;
        state = reader.CurrentState;
        return true;
    }

    public void Dispose() => _outcome.Dispose();

    private AuraApiException Invalid(Exception inner, int handedOut)
        => AuraErrors.InvalidResponse(_outcome.Status, _outcome.ReasonPhrase, _outcome.Method, _outcome.Path, _outcome.ContentType,
            handedOut == 0 ? "malformed JSON" : $"malformed JSON after the first {handedOut} elements (already output)", null, inner);

    /// <summary>
    /// Walks the document without building anything and returns the offset just after the '[' of the top-level
    /// "data" array (with the reader's state there), or -1 when there is no "data" or it is null. With
    /// <paramref name="whole"/> false it stops at that '['; with true it checks everything: one object, nothing after
    /// it, "data" an array whose elements are objects or null.
    /// </summary>
    private static int Walk(ReadOnlySpan<byte> json, bool whole, out JsonReaderState arrayState)
    {
        arrayState = default;
        var arrayStart = -1;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The answer is not a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data");
            reader.Read();
            if (!isData || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("\"data\" is not an array.");
            if (arrayStart < 0)
            {
                arrayStart = (int)reader.BytesConsumed;
                arrayState = reader.CurrentState;
                if (!whole) return arrayStart;
            }
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject) reader.Skip();
                else if (reader.TokenType != JsonTokenType.Null) throw new JsonException($"Element {index} of \"data\" is not an object.");
                index++;
            }
        }
        if (whole && (reader.TokenType != JsonTokenType.EndObject || reader.Read())) throw new JsonException("The answer does not end where its object ends.");
        return arrayStart;
    }
}
