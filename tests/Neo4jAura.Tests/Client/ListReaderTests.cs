using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

/// <summary>
/// AuraListReader (what Get-AuraInstance streams from), AuraInstanceConverter and AuraStringPool: streaming,
/// all-or-nothing on malformed answers, and the same values as a plain JsonDocument read of the same bytes.
/// </summary>
public class ListReaderTests
{
    private static string ListOf(int count, Func<int, string>? element = null)
        => "{\"data\":[" + string.Join(",", Enumerable.Range(0, count).Select(element ?? (i => FakeAura.InstanceJson(i.ToString("x8"))))) + "]}";

    private static AuraListReader<AuraInstance> Open(Harness h, string body)
    {
        h.Fake.Enqueue(FakeAura.Answer(200, body));
        var outcome = h.Client.Transport.SendAsync(System.Net.Http.HttpMethod.Get, "/instances", null, CancellationToken.None).GetAwaiter().GetResult();
        return new AuraListReader<AuraInstance>(outcome, AuraJsonContext.Default.AuraInstance);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20_000)] // over the size that is checked whole first
    public void Every_element_comes_out_in_order(int count)
    {
        using var h = new Harness();
        var body = ListOf(count);
        Assert.Equal(count > 3, Encoding.UTF8.GetByteCount(body) > AuraListReader<AuraInstance>.CheckWholeLimit);
        using var list = Open(h, body);
        var ids = list.Read(CancellationToken.None).Select(i => i.Id).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString("x8")), ids);
    }

    [Fact]
    public void The_first_instance_is_handed_out_long_before_the_last_is_parsed()
    {
        using var h = new Harness();
        using var list = Open(h, ListOf(20_000));
        using var e = list.Read(CancellationToken.None).GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal("00000000", e.Current.Id);
        Assert.Equal(1, list.Parsed);
        Assert.True(e.MoveNext());
        Assert.Equal(2, list.Parsed);
    }

    /// <summary>Well-formed up to the last element, whose closing brace is missing: the damage is at the very end.</summary>
    private static string DamagedAtTheEnd(int count)
    {
        var body = ListOf(count);
        return body.Substring(0, body.Length - 3) + "\"]}";
    }

    [Fact]
    public void A_malformed_answer_up_to_the_check_limit_fails_before_the_first_instance_is_handed_out()
    {
        using var h = new Harness();
        var body = DamagedAtTheEnd(500);
        Assert.True(Encoding.UTF8.GetByteCount(body) <= AuraListReader<AuraInstance>.CheckWholeLimit);
        var ex = Assert.Throws<AuraApiException>(() => Open(h, body).Dispose());
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains("malformed JSON", ex.Message);
        Assert.DoesNotContain("already output", ex.Message);
        Assert.Contains("GET /instances", ex.Message);
    }

    [Fact]
    public void A_larger_answer_that_breaks_part_way_says_how_many_were_handed_out()
    {
        using var h = new Harness();
        using var list = Open(h, DamagedAtTheEnd(20_000));
        var handed = 0;
        var ex = Assert.Throws<AuraApiException>(() =>
        {
            foreach (var _ in list.Read(CancellationToken.None)) handed++;
        });
        Assert.Equal(19_999, handed);
        Assert.Equal(19_999, list.HandedOut);
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains("malformed JSON after the first 19999 elements (already output)", ex.Message);
    }

    [Theory]
    [InlineData("]} trailing")]
    [InlineData("]")]
    [InlineData("],\"more\":[1,2")]
    public void A_larger_answer_must_also_end_well(string ending)
    {
        using var h = new Harness();
        var body = ListOf(20_000);
        body = body.Substring(0, body.Length - 2) + ending;
        using var list = Open(h, body);
        var ex = Assert.Throws<AuraApiException>(() => list.Read(CancellationToken.None).Count());
        Assert.Contains("already output", ex.Message);
    }

    [Theory]
    [InlineData("{\"data\":[{\"id\":\"a\"},42]}", "malformed JSON")]
    [InlineData("{\"data\":{\"id\":\"a\"}}", "malformed JSON")]
    [InlineData("{\"data\":[{\"id\":\"a\"}]} trailing", "malformed JSON")]
    [InlineData("[{\"id\":\"a\"}]", "malformed JSON")]
    [InlineData("{\"items\":[]}", "without \"data\"")]
    [InlineData("{\"data\":null}", "without \"data\"")]
    public void Answers_that_are_not_lists_of_objects_are_refused(string body, string expected)
    {
        using var h = new Harness();
        var ex = Assert.Throws<AuraApiException>(() => Open(h, body).Dispose());
        Assert.Equal("AuraInvalidResponse", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Null_elements_comments_trailing_commas_and_other_members_are_taken_in_stride()
    {
        using var h = new Harness();
        using var list = Open(h, "{\"meta\":{\"next\":[1,{\"data\":2}]}, /* note */ \"data\":[null,{\"id\":\"a1\"},null,{\"id\":\"b2\"},],\"after\":true}");
        Assert.Equal(new[] { "a1", "b2" }, list.Read(CancellationToken.None).Select(i => i.Id));
    }

    [Fact]
    public void A_list_is_read_once_and_reading_can_stop_early()
    {
        using var h = new Harness();
        var list = Open(h, ListOf(50_000));
        Assert.Equal("00000000", list.Read(CancellationToken.None).First().Id);
        Assert.Throws<InvalidOperationException>(() => list.Read(CancellationToken.None));
        list.Dispose();
        list.Dispose();
    }

    [Fact]
    public void Cancellation_stops_reading()
    {
        using var h = new Harness();
        using var list = Open(h, ListOf(100));
        using var cts = new CancellationTokenSource();
        var n = 0;
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var _ in list.Read(cts.Token))
            {
                if (++n == 10) cts.Cancel();
            }
        });
        Assert.Equal(10, n);
    }

    [Fact]
    public void Repeated_short_values_share_one_string_and_unique_values_do_not()
    {
        using var h = new Harness();
        using var list = Open(h, ListOf(3));
        var items = list.Read(CancellationToken.None).ToList();
        Assert.Same(items[0].Status, items[2].Status);
        Assert.Same(items[0].Region, items[1].Region);
        Assert.Same(items[0].TenantId, items[1].TenantId);
        Assert.NotSame(items[0].Id, items[1].Id);
    }

    [Fact]
    public void Escaped_names_and_values_read_as_their_text()
    {
        var json = "{\"\\u0069d\":\"a\\u00e9\",\"st\\u0061tus\":\"r\\u0075nning\",\"memory\":8,\"region\":true,\"type\":{\"x\":[1]},\"n\\u0065w\":1}";
        var i = JsonSerializer.Deserialize(json, AuraJsonContext.Default.AuraInstance)!;
        Assert.Equal("a\u00e9", i.Id);
        Assert.Equal("running", i.Status);
        Assert.Equal("8", i.Memory);
        Assert.Equal("true", i.Region);
        Assert.Equal("{\"x\":[1]}", i.Type);
        Assert.Equal(new[] { "new" }, i.AdditionalProperties().Select(p => p.Key));
    }

    [Fact]
    public void An_instance_that_is_not_an_object_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("[1]", AuraJsonContext.Default.AuraInstance));
        Assert.Null(JsonSerializer.Deserialize("null", AuraJsonContext.Default.AuraInstance));
    }

    /// <summary>The pool returns exactly what reader.GetString() returns, for any text, however often values repeat.</summary>
    [Property(MaxTest = 300)]
    public bool Pooled_strings_equal_plain_strings(NonNull<string>[] values, byte seed)
    {
        // Through UTF-8 and back: a lone surrogate (no JSON string can carry one) becomes U+FFFD.
        var texts = values.Select(v => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(v.Get))).ToArray();
        if (texts.Length == 0) return true;
        var rng = new Random(seed);
        var picks = Enumerable.Range(0, texts.Length * 3).Select(_ => texts[rng.Next(texts.Length)]).ToArray();
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(picks, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var k = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            var plain = reader.GetString();
            var pooled = PooledStringConverter.ReadPooled(ref reader);
            if (plain != pooled || plain != picks[k++]) return false;
        }
        return k == picks.Length;
    }

    [Fact]
    public void A_body_buffer_is_zeroed_before_its_array_goes_back_to_the_pool_and_is_empty_after()
    {
        var secret = Encoding.UTF8.GetBytes("{\"password\":\"one-time-" + new string('p', 5000) + "\"}");
        var field = typeof(AuraBodyBuffer).GetField("_buffer", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var buffer = new AuraBodyBuffer(100);
        buffer.Append(secret, 0, 50);
        var first = (byte[])field.GetValue(buffer)!;
        buffer.Append(secret, 50, secret.Length - 50); // grows: the first array goes back to the pool, zeroed
        var array = (byte[])field.GetValue(buffer)!;
        Assert.NotSame(first, array);
        Assert.All(first.Take(50), b => Assert.Equal(0, b));
        Assert.True(buffer.Span.SequenceEqual(secret));
        buffer.Dispose();
        // What this buffer wrote is zeroed (a rented array may hold other bytes beyond it, never these).
        Assert.All(array.Take(secret.Length), b => Assert.Equal(0, b));
        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Span.IsEmpty);
        buffer.Dispose(); // twice is harmless
    }

    [Fact]
    public async Task Get_instance_and_the_whole_list_path_read_the_same_fields_as_a_json_document()
    {
        using var h = new Harness();
        var body = ListOf(200, i => FakeAura.InstanceJson(i.ToString("x8"), i % 3 == 0 ? "paused" : "running",
            $",\"storage\":\"{i % 5}GB\",\"connection_url\":\"neo4j+s://{i:x8}.x.io\",\"created_at\":\"2023-01-20T13:44:42Z\",\"metrics_integration_url\":null,\"extra_{i % 2}\":[{i}]"));
        h.Fake.Enqueue(FakeAura.Answer(200, body));
        IReadOnlyList<AuraInstance> whole;
        using (var outcome = await h.Client.Transport.SendAsync(System.Net.Http.HttpMethod.Get, "/instances", null, CancellationToken.None))
        {
            whole = AuraResponses.ParseList(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraInstance);
        }
        using var list = Open(h, body);
        var streamed = list.Read(CancellationToken.None).ToList();
        using var doc = JsonDocument.Parse(body);
        var expected = doc.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(expected.Count, whole.Count);
        Assert.Equal(expected.Count, streamed.Count);
        for (var n = 0; n < expected.Count; n++)
        {
            foreach (var i in new[] { whole[n], streamed[n] })
            {
                var e = expected[n];
                Assert.Equal(e.GetProperty("id").GetString(), i.Id);
                Assert.Equal(e.GetProperty("name").GetString(), i.Name);
                Assert.Equal(e.GetProperty("status").GetString(), i.Status);
                Assert.Equal(e.GetProperty("tenant_id").GetString(), i.TenantId);
                Assert.Equal(e.GetProperty("cloud_provider").GetString(), i.CloudProvider);
                Assert.Equal(e.GetProperty("region").GetString(), i.Region);
                Assert.Equal(e.GetProperty("type").GetString(), i.Type);
                Assert.Equal(e.GetProperty("memory").GetString(), i.Memory?.Text);
                Assert.Equal(e.GetProperty("storage").GetString(), i.Storage?.Text);
                Assert.Equal(e.GetProperty("connection_url").GetString(), i.ConnectionUrl);
                Assert.Null(i.MetricsIntegrationUrl);
                Assert.Equal(e.GetProperty("created_at").GetString(), i.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                var extra = Assert.Single(i.AdditionalProperties());
                Assert.Equal($"extra_{n % 2}", extra.Key);
                Assert.Equal(new object?[] { (long)n }, extra.Value);
            }
        }
    }
}
