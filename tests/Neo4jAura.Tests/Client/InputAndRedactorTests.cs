using System;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

public class InputAndRedactorTests
{
    [Theory]
    [InlineData("a1b2c3d4")]
    [InlineData("0b7f2d1e-8d6c-4e5a-9f3b-2c1d0e9f8a7b")]
    [InlineData("2023-01-20T18:07:25Z-adhoc")]
    [InlineData("Name_with.dots-and_underscores")]
    public void Valid_ids_pass(string id) => Assert.Equal(id, AuraInput.ValidateId(id, "InstanceId"));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a%2Fb")]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("é")]
    [InlineData("a\\b")]
    public void Unsafe_ids_are_refused_naming_the_parameter(string id)
    {
        var ex = Assert.Throws<AuraApiException>(() => AuraInput.ValidateId(id, "SnapshotId"));
        Assert.Equal("AuraInvalidArgument", ex.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, ex.Category);
        Assert.Contains("-SnapshotId", ex.Message);
        Assert.True(ex.Message.IndexOf('\0') < 0);
    }

    [Fact]
    public void Long_values_are_refused_and_quoted_truncated()
    {
        var ex = Assert.Throws<AuraApiException>(() => AuraInput.ValidateId(new string('a', 65), "InstanceId"));
        Assert.Contains("at most 64", ex.Message);
        Assert.DoesNotContain(new string('a', 41), ex.Message);
        Assert.Equal(new string('a', 64), AuraInput.ValidateId(new string('a', 64), "InstanceId"));
    }

    [Theory]
    [InlineData("prod-1", true)]
    [InlineData("a name with spaces", true)]
    [InlineData("exactly-thirty-characters-long", true)]
    [InlineData("thirty-one-characters-long-name", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("tab\there", false)]
    public void Names(string name, bool ok)
    {
        if (ok) Assert.Equal(name, AuraInput.ValidateName(name));
        else Assert.Equal("AuraInvalidArgument", Assert.Throws<AuraApiException>(() => AuraInput.ValidateName(name)).ErrorId);
    }

    [Theory]
    [InlineData("1GB", true)]
    [InlineData("16GB", true)]
    [InlineData("384GB", true)]
    [InlineData("0GB", false)]
    [InlineData("08GB", false)]
    [InlineData("8gb", false)]
    [InlineData("8 GB", false)]
    [InlineData("8", false)]
    [InlineData("GB", false)]
    [InlineData("8GB\n", false)]
    public void Memory(string memory, bool ok)
    {
        if (ok) Assert.Equal(memory, AuraInput.ValidateMemory(memory));
        else Assert.Throws<AuraApiException>(() => AuraInput.ValidateMemory(memory));
    }

    [Theory]
    [InlineData("/instances", true)]
    [InlineData("/instances?tenantId=abc", true)]
    [InlineData("/instances/a1/snapshots", true)]
    [InlineData("instances", false)]
    [InlineData("//evil.example/x", false)]
    [InlineData("https://evil.example/x", false)]
    [InlineData("/../oauth/token", false)]
    [InlineData("/instances/%2e%2e/x", false)]
    [InlineData("/instances/a%2Fb", false)]
    [InlineData("/instances#frag", false)]
    [InlineData("/in stances", false)]
    [InlineData("/a\\b", false)]
    [InlineData("", false)]
    public void Relative_paths(string path, bool ok)
    {
        if (ok) Assert.Equal(path, AuraInput.ValidateRelativePath(path));
        else Assert.Throws<AuraApiException>(() => AuraInput.ValidateRelativePath(path));
    }

    // ------------------------------------------------------------ FsCheck properties

    public static class Generators
    {
        private const string Safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:";

        public static Arbitrary<string> Strings() => Arb.From(
            Gen.OneOf(
                Gen.Elements(Safe.ToCharArray()).ArrayOf().Select(a => new string(a)),
                Gen.Elements((Safe + "/?#% \t\u0000é\\@&=+").ToCharArray()).ArrayOf().Select(a => new string(a)),
                ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")));
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, MaxTest = 500)]
    public bool ValidateId_accepts_exactly_the_safe_alphabet(string value)
    {
        var expected = value.Length >= 1 && value.Length <= 64
                       && value.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == ':')
                       && value != "." && !value.Contains("..");
        bool accepted;
        try { AuraInput.ValidateId(value, "InstanceId"); accepted = true; }
        catch (AuraApiException) { accepted = false; }
        if (accepted)
        {
            var escaped = AuraTransport.Escape(value);
            if (escaped.IndexOfAny(new[] { '/', '?', '#', '%' }) >= 0) return false;
            // The id stays one segment of the path it goes into.
            var uri = new Uri("https://api.example/v1/instances/" + escaped);
            if (uri.Segments.Length != 4 || uri.Query.Length != 0 || uri.Fragment.Length != 0) return false;
        }
        return accepted == expected;
    }

    private static readonly string[] SecretNames = { "password", "access_token", "client_secret", "token", "secret", "Authorization", "refresh_token", "Password" };

    public static class SecretGenerators
    {
        public static Arbitrary<SecretCase> Cases() => Arb.From(
            from secret in Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-.~!$*()".ToCharArray()).ArrayOf().Where(a => a.Length >= 6).Select(a => new string(a))
            from name in Gen.Elements(SecretNames)
            from shape in Gen.Choose(0, 6)
            from noise in Gen.Elements("", "{\"a\":1,", "prefix text ", "[{\"x\":[true,null]},")
            select new SecretCase(secret, name, shape, noise));
    }

    public sealed record SecretCase(string Secret, string Name, int Shape, string Noise)
    {
        public string Text => Shape switch
        {
            0 => $"{{\"{Name}\":\"{Json(Secret)}\",\"other\":\"fine\"}}",
            1 => $"{{\"data\":{{\"id\":\"x\",\"{Name}\":\"{Json(Secret)}\"}}}}",
            2 => $"{Noise}\"{Name}\": \"{Json(Secret)}\"",        // truncated JSON
            3 => $"{Name}={Uri.EscapeDataString(Secret)}&grant_type=client_credentials",
            4 => $"Authorization: Bearer {BearerSafe}",
            5 => $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("id:" + Secret))}",
            _ => $"[{{\"{Name}\":{{\"nested\":\"{Json(Secret)}\"}}}}]",
        };

        /// <summary>The secret as it appears in the text (bearer tokens are base64url-ish).</summary>
        public string Needle => Shape switch
        {
            3 => Uri.EscapeDataString(Secret),
            4 => BearerSafe,
            5 => Convert.ToBase64String(Encoding.UTF8.GetBytes("id:" + Secret)),
            _ => Secret,
        };

        private string BearerSafe => new string(Secret.Where(c => char.IsLetterOrDigit(c) || "-._~+/".Contains(c)).DefaultIfEmpty('x').ToArray()) + "Zz9";
        private static string Json(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
    }

    [Property(Arbitrary = new[] { typeof(SecretGenerators) }, MaxTest = 500)]
    public bool Redactor_never_leaves_a_generated_secret(SecretCase c)
    {
        var viaText = Redactor.Redact(c.Text);
        var viaBytes = Redactor.RedactUtf8(Encoding.UTF8.GetBytes(c.Text));
        var snippet = Redactor.Snippet(Encoding.UTF8.GetBytes(c.Text));
        return !viaText.Contains(c.Needle) && !viaBytes.Contains(c.Needle) && !snippet.Contains(c.Needle) && viaText.Contains(Redactor.Mask);
    }

    [Theory]
    [InlineData("{\"access_token\":\"eyJhbGciOi.abc.def\",\"expires_in\":3600,\"token_type\":\"bearer\"}", "eyJhbGciOi")]
    [InlineData("{\"client_secret\":\"topsecret\"}", "topsecret")]
    [InlineData("{\"data\":{\"password\":\"pw-123\",\"username\":\"neo4j\"}}", "pw-123")]
    [InlineData("{\"secret\":42}", "42")]
    [InlineData("{\"token\":{\"value\":\"nested-tok\"}}", "nested-tok")]
    [InlineData("{\"Authorization\":\"Bearer zzz-token\"}", "zzz-token")]
    [InlineData("{\"note\":\"sent Bearer qqq-token here\"}", "qqq-token")]
    [InlineData("Authorization: Basic Y2xpZW50OnNlY3JldA==", "Y2xpZW50OnNlY3JldA")]
    [InlineData("password=hunter2&x=1", "hunter2")]
    [InlineData("{\"password\":\"unterminated", "unterminated")]
    [InlineData("{\"data\":{\"pass\\u0077ord\":\"escaped-key-pw\"}}", "escaped-key-pw")]
    [InlineData("{\"data\":{\"password\":987654321012}}", "987654321012")]
    [InlineData("{\"db_pass\":\"db-pass-value\",\"pwd\":\"pwd-value\"}", "db-pass-value")]
    [InlineData("{\"db_pass\":\"db-pass-value\",\"pwd\":\"pwd-value\"}", "pwd-value")]
    [InlineData("{\"connection_url\":\"neo4j+s://neo4j:url-pw-value@a1b2c3d4.databases.neo4j.io\"}", "url-pw-value")]
    [InlineData("{\"errors\":[{\"message\":\"token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-value rejected\"}]}", "sig-value")]
    public void Redactor_masks_every_secret_kind(string text, string secret)
    {
        var redacted = Redactor.Redact(text);
        Assert.DoesNotContain(secret, redacted);
        Assert.Contains("***", redacted);
        Assert.DoesNotContain(secret, Redactor.RedactUtf8(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Redactor_keeps_ordinary_json()
    {
        var text = "{\"data\":[{\"id\":\"a1\",\"name\":\"prod\",\"memory\":\"8GB\",\"n\":1.5,\"ok\":true,\"z\":null}]}";
        Assert.Equal(text, Redactor.Redact(text));
        Assert.Equal(text, Redactor.RedactUtf8(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>Tests that compare timings: run alone (no other test class runs beside them), so that load does not decide them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTimingCollection
{
    public const string Name = "Serial timing";
}

[Collection(SerialTimingCollection.Name)]
public class RedactionCostTests
{
    /// <summary>
    /// Bodies built to make a backtracking matcher explode (the old redaction took 115 s for 64 KB of "a-a-a-"). The
    /// same 16 MB of text is redacted as one body and as sixteen bodies of 1 MB, side by side in one run (the best of
    /// five each, after a collection, with no other test running): a linear pass costs about the same both ways, a
    /// quadratic one sixteen times as much for the one body. The bound (5x) leaves room for noise on either side.
    /// </summary>
    [Theory]
    [InlineData("a-")]
    [InlineData("Bearer ")]
    [InlineData("password=")]
    [InlineData("a:a@")]
    [InlineData("eyJ.")]
    [InlineData("\"password\":")]
    [InlineData("{\"a\":")]
    [InlineData("pass\\u0077ord ")]
    public void Redaction_cost_grows_linearly_on_hostile_text(string unit)
    {
        static string Body(string unit, int bytes) => new StringBuilder(bytes + unit.Length).Insert(0, unit, bytes / unit.Length).ToString();
        static double Best(string text, int times)
        {
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (var n = 0; n < times; n++)
                {
                    Redactor.Redact(text);
                    Redactor.RedactUtf8(Encoding.UTF8.GetBytes(text));
                }
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }
            return best;
        }

        const int parts = 16;
        var small = Body(unit, 1 << 20);
        var large = Body(unit, parts << 20);
        Best(small, 1); // warm-up
        var ratio = Best(large, 1) / Math.Max(Best(small, parts), 1);
        Assert.True(ratio < 5, $"{parts} MB in one body cost {ratio:0.0}x as much as in {parts} bodies of 1 MB (linear about 1, quadratic about {parts})");
    }
}
