using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Neo4jAura.Client;

/// <summary>
/// Masks secrets in what goes to output, debug lines and error messages. JSON is masked on its parsed structure:
/// every value (string, number, boolean, object or array) of a property whose name means a secret (password,
/// db_pass, pwd, secret, token, authorization, ...; escaped names are decoded first). Any other text is masked by a
/// single left-to-right scan: "Bearer x" / "Basic x" credentials, JWTs, name=value and "name": value pairs whose name
/// means a secret, and the password of user:password@ in URLs. Every function here is linear in its input (no
/// backtracking regular expression ever sees untrusted text), so a hostile answer of any size is masked in
/// proportion to its length.
/// </summary>
internal static class Redactor
{
    public const string Mask = "***";

    private static readonly string[] SensitiveParts = { "password", "passwd", "secret", "token", "authorization", "credential", "apikey", "privatekey" };
    private static readonly string[] SensitiveWords = { "pass", "pwd", "pw", "passphrase", "auth", "key" };

    /// <summary>
    /// True when a property of this name holds a secret: it contains password, passwd, secret, token, authorization,
    /// credential, apikey or privatekey (ignoring case, '_', '-' and '.'), or one of its words (snake_case, kebab-case,
    /// camelCase) is pass, pwd, pw or passphrase, or it is api_key/auth_key-like (a word auth or key after api/private).
    /// </summary>
    public static bool IsSensitiveName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        var compact = new StringBuilder(name!.Length);
        foreach (var c in name) if (char.IsLetterOrDigit(c)) compact.Append(char.ToLowerInvariant(c));
        var joined = compact.ToString();
        foreach (var part in SensitiveParts)
        {
            if (joined.IndexOf(part, StringComparison.Ordinal) >= 0) return true;
        }
        // Words: split on separators and lower-to-upper case changes.
        var words = new System.Collections.Generic.List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = !char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]));
            if (boundary && word.Length > 0) { words.Add(word.ToString()); word.Clear(); }
            if (char.IsLetterOrDigit(c)) word.Append(char.ToLowerInvariant(c));
        }
        if (word.Length > 0) words.Add(word.ToString());
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w is "pass" or "pwd" or "pw" or "passphrase") return true;
            // auth/key only as a secret's name, not as a reference to one (key_id, customer_managed_key_id stay).
            if ((w is "auth" or "key") && i == words.Count - 1 && words.Count > 1 && words[i - 1] is "api" or "private" or "access" or "secret" or "basic") return true;
        }
        return false;
    }

    /// <summary>Masks secrets in any text (on its structure when it is JSON, else by the scan).</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var trimmed = text!.TrimStart();
        if (trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '['))
        {
            var json = TryRedactJson(Encoding.UTF8.GetBytes(text), int.MaxValue);
            if (json is not null) return json;
        }
        return RedactPatterns(text);
    }

    /// <summary>
    /// Masks secrets in a UTF-8 body without ever turning a secret value into a string. With
    /// <paramref name="maxChars"/> only about that much of the result is produced (debug lines show no more), so the
    /// cost is bounded by what is shown, not by the size of the body.
    /// </summary>
    public static string RedactUtf8(ReadOnlySpan<byte> body, int maxChars = int.MaxValue)
    {
        if (body.IsEmpty) return "";
        var i = 0;
        while (i < body.Length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
        if (i < body.Length && (body[i] == '{' || body[i] == '['))
        {
            var json = TryRedactJson(body, maxChars);
            if (json is not null) return json;
        }
        var take = maxChars == int.MaxValue ? body.Length : (int)Math.Min(body.Length, 4L * maxChars + 1024);
        return RedactPatterns(Encoding.UTF8.GetString(body.Slice(0, take).ToArray()));
    }

    /// <summary>Masks the given secret value wherever it appears (ordinal), in one pass.</summary>
    public static string MaskValue(string text, string secret)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret)) return text;
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        if (at < 0) return text;
        var sb = new StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            sb.Append(text, from, at - from).Append(Mask);
            from = at + secret.Length;
            at = text.IndexOf(secret, from, StringComparison.Ordinal);
        }
        return sb.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>A URL with the password of its user:password@ part masked (null stays null).</summary>
    public static string? Url(string? url) => url is null ? null : RedactPatterns(url);

    /// <summary>
    /// A URL field of an answer (an instance's connection_url) as output may show it: <see cref="Url"/> when it could
    /// hold a secret (user:password@, or a name=value query), else the very string (no copy for the usual URL).
    /// </summary>
    public static string? UrlField(string? url)
        => url is null || (url.IndexOf('@') < 0 && url.IndexOf('=') < 0) ? url : RedactPatterns(url);

    /// <summary>
    /// Pattern masking for text that is not (complete) JSON, in one left-to-right pass: each character is looked at a
    /// bounded number of times.
    /// </summary>
    public static string RedactPatterns(string text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        // Every pattern needs one of these (name: value, name=value, ://user:pw@, a JWT, a Bearer or Basic credential):
        // text with none of them is returned as it is, after a few vectorised searches and no copy.
        if (text.IndexOfAny(PatternChars) < 0 && text.IndexOf("eyJ", StringComparison.Ordinal) < 0
            && text.IndexOf("bearer", StringComparison.OrdinalIgnoreCase) < 0 && text.IndexOf("basic", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return text;
        }
        var n = text.Length;
        var o = new Output(text);
        var i = 0;
        while (i < n)
        {
            var c = text[i];
            if (IsKeyChar(c) && (i == 0 || !IsKeyChar(text[i - 1])))
            {
                var j = WordEnd(text, i);
                if (TryMaskScheme(text, i, j, o, out var next) || TryMaskJwt(text, i, j, o, out next) || TryMaskPair(text, i, j, o, out next))
                {
                    i = next > i ? next : j;
                    o.Copied = i;
                    continue;
                }
                i = j;
                continue;
            }
            if (c == ':' && i + 2 < n && text[i + 1] == '/' && text[i + 2] == '/')
            {
                var after = MaskUserInfo(text, i + 3, o);
                if (after > i + 3) o.Copied = after;
                i = after;
                continue;
            }
            i++;
        }
        return o.Result();
    }

    /// <summary>
    /// The masked text as the scan makes it: the runs between masks are copied only when a mask comes (text with
    /// nothing to mask is returned as it is, without a copy).
    /// </summary>
    private sealed class Output
    {
        private readonly string _text;
        private StringBuilder? _sb;

        public Output(string text) => _text = text;

        /// <summary>Where the text not yet copied starts.</summary>
        public int Copied { get; set; }

        /// <summary>The builder, with the text up to <paramref name="position"/> copied into it.</summary>
        public StringBuilder At(int position)
        {
            _sb ??= new StringBuilder(_text.Length);
            if (position > Copied) _sb.Append(_text, Copied, position - Copied);
            Copied = position;
            return _sb;
        }

        public string Result() => _sb is null ? _text : At(_text.Length).ToString();
    }

    private static readonly char[] PatternChars = { ':', '=' };

    /// <summary>The longest word (as written, escapes included) looked at as a possible secret's name or scheme.</summary>
    private const int MaxNameLength = 512;

    /// <summary>The lower-case letter runs one of which every secret's name contains (a superset of <see cref="IsSensitiveName"/>).</summary>
    private static readonly string[] SensitiveRoots = { "pass", "pw", "secret", "token", "auth", "credential", "key" };

    private static bool IsKeyChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '\\';

    /// <summary>
    /// Where a name-like word from <paramref name="start"/> ends (letters, digits, '_', '-', '.', and \uXXXX escapes),
    /// without building it: most words are not names of secrets, and hostile text may be one word of 64 MB.
    /// </summary>
    private static int WordEnd(string text, int start)
    {
        var j = start;
        while (j < text.Length && IsKeyChar(text[j]))
        {
            if (text[j] == '\\')
            {
                if (!IsUnicodeEscape(text, j)) break;
                j += 6;
                continue;
            }
            j++;
        }
        return j == start ? start + 1 : j;
    }

    private static bool IsUnicodeEscape(string text, int at)
    {
        if (at + 5 >= text.Length || (text[at + 1] != 'u' && text[at + 1] != 'U')) return false;
        for (var k = at + 2; k < at + 6; k++)
        {
            var h = text[k];
            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
        }
        return true;
    }

    /// <summary>The word between <paramref name="start"/> and <paramref name="end"/> with its \uXXXX escapes decoded.</summary>
    private static string Word(string text, int start, int end)
    {
        if (text.IndexOf('\\', start, end - start) < 0) return text.Substring(start, end - start);
        var sb = new StringBuilder(end - start);
        for (var j = start; j < end; j++)
        {
            if (text[j] == '\\' && IsUnicodeEscape(text, j))
            {
                sb.Append((char)int.Parse(text.Substring(j + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
                j += 5;
                continue;
            }
            sb.Append(text[j]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// False when the word cannot be a secret's name: none of <see cref="SensitiveRoots"/> in its lower-cased letters
    /// and digits. Allocation-free, so text of many short words stays cheap; a word with escapes is decoded instead.
    /// </summary>
    private static bool MayBeSensitiveName(string text, int start, int end)
    {
        if (end - start < 2) return false; // the shortest root is "pw"
        Span<char> compact = stackalloc char[end - start];
        var k = 0;
        for (var p = start; p < end; p++)
        {
            var ch = text[p];
            if (ch == '\\') return IsSensitiveName(Word(text, start, end));
            if (char.IsLetterOrDigit(ch)) compact[k++] = char.ToLowerInvariant(ch);
        }
        ReadOnlySpan<char> letters = compact.Slice(0, k);
        foreach (var root in SensitiveRoots)
        {
            if (letters.IndexOf(root.AsSpan()) >= 0) return true;
        }
        return false;
    }

    /// <summary>Whether the word is <paramref name="scheme"/> (ignoring case; decoded first only when it holds escapes).</summary>
    private static bool IsScheme(string text, int start, int end, string scheme)
        => text.IndexOf('\\', start, end - start) < 0
            ? end - start == scheme.Length && string.Compare(text, start, scheme, 0, scheme.Length, StringComparison.OrdinalIgnoreCase) == 0
            : Word(text, start, end).Equals(scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>"Bearer x" and "Basic x": the credential after the scheme word.</summary>
    private static bool TryMaskScheme(string text, int start, int end, Output o, out int next)
    {
        next = end;
        if (end - start > 36 || (text[start] is not ('b' or 'B' or '\\'))) return false;
        if (!IsScheme(text, start, end, "bearer") && !IsScheme(text, start, end, "basic")) return false;
        var k = end;
        while (k < text.Length && (text[k] == ' ' || text[k] == '\t')) k++;
        if (k == end) return false;
        var m = k;
        while (m < text.Length && IsCredentialChar(text[m])) m++;
        if (m == k) return false;
        o.At(start).Append(text, start, k - start).Append(Mask);
        next = m;
        return true;
    }

    private static bool IsCredentialChar(char c)
        => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';

    /// <summary>A JWT (eyJ..., three base64url parts) wherever it appears.</summary>
    private static bool TryMaskJwt(string text, int start, int end, Output o, out int next)
    {
        next = end;
        if (end - start < 12 || string.CompareOrdinal(text, start, "eyJ", 0, 3) != 0) return false;
        var dots = 0;
        for (var k = start; k < end; k++) if (text[k] == '.') dots++;
        if (dots < 2) return false;
        o.At(start).Append(Mask);
        return true;
    }

    /// <summary>name=value, name: value and "name": "value" where the name means a secret.</summary>
    private static bool TryMaskPair(string text, int start, int end, Output o, out int next)
    {
        next = end;
        var k = end;
        if (k < text.Length && (text[k] == '"' || text[k] == '\'')) k++;
        while (k < text.Length && (text[k] == ' ' || text[k] == '\t')) k++;
        if (k >= text.Length || (text[k] != ':' && text[k] != '=')) return false;
        // Only now, with a separator after it, is the word looked at as a name.
        if (end - start > MaxNameLength || !MayBeSensitiveName(text, start, end) || !IsSensitiveName(Word(text, start, end))) return false;
        k++;
        while (k < text.Length && (text[k] == ' ' || text[k] == '\t')) k++;
        if (k >= text.Length) return false;
        if (text[k] == '{' || text[k] == '[')
        {
            // A structured value (JSON that did not parse as a whole): all of it, to its closing bracket.
            var depth = 0;
            var m = k;
            for (; m < text.Length; m++)
            {
                var ch = text[m];
                if (ch == '"')
                {
                    for (m++; m < text.Length && text[m] != '"'; m++) if (text[m] == '\\') m++;
                    continue;
                }
                if (ch == '{' || ch == '[') depth++;
                else if ((ch == '}' || ch == ']') && --depth == 0) break;
            }
            o.At(start).Append(text, start, k - start).Append('"').Append(Mask).Append('"');
            next = Math.Min(text.Length, m + 1);
            return true;
        }
        if (text[k] == '"' || text[k] == '\'')
        {
            var quote = text[k];
            var m = k + 1;
            while (m < text.Length && text[m] != quote)
            {
                m += text[m] == '\\' ? 2 : 1;
            }
            o.At(start).Append(text, start, k - start).Append(quote).Append(Mask).Append(quote);
            next = Math.Min(text.Length, m + 1);
            return true;
        }
        var v = k;
        while (v < text.Length && !IsValueEnd(text[v])) v++;
        if (v == k) return false;
        // "Authorization: Bearer x": the scheme stays, the credential after it goes.
        var scheme = text.Substring(k, v - k);
        if (scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("basic", StringComparison.OrdinalIgnoreCase))
        {
            var c = v;
            while (c < text.Length && (text[c] == ' ' || text[c] == '\t')) c++;
            var e = c;
            while (e < text.Length && IsCredentialChar(text[e])) e++;
            if (e > c)
            {
                o.At(start).Append(text, start, c - start).Append(Mask);
                next = e;
                return true;
            }
        }
        o.At(start).Append(text, start, k - start).Append(Mask);
        next = v;
        return true;
    }

    private static bool IsValueEnd(char c) => char.IsWhiteSpace(c) || c == ',' || c == ';' || c == '&' || c == '}' || c == ']' || c == '"' || c == '\'' || c == ')';

    /// <summary>After "://": masks the password of user:password@host; returns where the scan goes on.</summary>
    private static int MaskUserInfo(string text, int start, Output o)
    {
        var m = start;
        var colon = -1;
        while (m < text.Length)
        {
            var c = text[m];
            if (c == '@' || c == '/' || c == '?' || c == '#' || char.IsWhiteSpace(c) || c == '"' || c == '\'' || c == '<' || c == '>') break;
            if (c == ':' && colon < 0) colon = m;
            m++;
        }
        if (m < text.Length && text[m] == '@' && colon >= 0)
        {
            o.At(start).Append(text, start, colon + 1 - start).Append(Mask).Append('@');
            return m + 1;
        }
        return start;
    }

    /// <summary>
    /// Re-writes JSON with every sensitive property's value replaced by "***" and every other string masked by the
    /// scan; null when it is not valid JSON. Stops once about <paramref name="maxChars"/> characters are written.
    /// </summary>
    private static string? TryRedactJson(ReadOnlySpan<byte> utf8, int maxChars)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
            using var output = new MemoryStream();
            var truncated = false;
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                var maskNext = false;
                while (reader.Read())
                {
                    if (maxChars != int.MaxValue && writer.BytesCommitted + writer.BytesPending > maxChars)
                    {
                        truncated = true;
                        break;
                    }
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
            if (!truncated && reader.BytesConsumed < utf8.Length && !IsWhiteSpace(utf8.Slice((int)reader.BytesConsumed))) return null;
            var bytes = output.GetBuffer();
            var text = Encoding.UTF8.GetString(bytes, 0, (int)output.Length);
            Array.Clear(bytes, 0, bytes.Length);
            return truncated ? text + "…" : text;
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

    /// <summary>A short, single-line, masked excerpt of a body that is not JSON (an HTML page from a proxy); linear, bounded input.</summary>
    public static string Snippet(ReadOnlySpan<byte> body, int maxChars = 200)
    {
        if (body.IsEmpty) return "";
        var take = Math.Min(body.Length, maxChars * 8);
        var text = Encoding.UTF8.GetString(body.Slice(0, take).ToArray());
        var sb = new StringBuilder(Math.Min(text.Length, maxChars * 2));
        var space = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<')
            {
                // A tag: skip it; skip the content of script and style elements too.
                var close = text.IndexOf('>', i + 1);
                if (close < 0) break;
                var tag = text.Substring(i + 1, Math.Min(close - i - 1, 7)).TrimStart().ToLowerInvariant();
                i = close + 1;
                foreach (var hidden in new[] { "script", "style" })
                {
                    if (!tag.StartsWith(hidden, StringComparison.Ordinal)) continue;
                    var end = text.IndexOf("</" + hidden, i, StringComparison.OrdinalIgnoreCase);
                    var endClose = end < 0 ? -1 : text.IndexOf('>', end);
                    i = endClose < 0 ? text.Length : endClose + 1;
                }
                if (!space && sb.Length > 0) { sb.Append(' '); space = true; }
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!space && sb.Length > 0) sb.Append(' ');
                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
            i++;
            if (sb.Length > maxChars * 2) break;
        }
        var cleaned = RedactPatterns(sb.ToString().Trim());
        return cleaned.Length <= maxChars ? cleaned : cleaned.Substring(0, maxChars) + "…";
    }
}
