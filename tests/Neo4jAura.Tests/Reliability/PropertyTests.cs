using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Neo4jAura.Client;
using Neo4jAura.Commands;
using Neo4jAura.Errors;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// Property-based tests (FsCheck) for input validation and model parsing, over generated input rather than the
/// examples of tests/Neo4jAura.Tests/Client and Commands: no valid id can change a request path, the cmdlets' checks
/// never let through what the client refuses, validation fails only with AuraInvalidArgument, parsing never throws on
/// odd JSON and keeps unknown fields, and redaction hides every secret-named value.
/// </summary>
public class PropertyTests
{
    // Characters an attacker or a typo could bring into an id, with the legitimate ones weighted up.
    // ':' is safe: Aura's snapshot ids may be times (2023-01-20T13:44:42Z), and a path segment keeps it as it is.
    private static readonly char[] SafeChars = "abcdef0123456789ABCXYZ-_.:".ToCharArray();
    private static readonly char[] HostileChars = { '/', '\\', '?', '#', '%', ' ', '\t', '\n', '@', '&', '=', '+', ';', '~', 'é', '\u0000', '\u202e', '"', '\'', '*', '[', ']' };

    private static Gen<string> StringOf(char[] chars, int maxLength)
        => Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Elements(chars), n)).Select(a => new string(a));

    private static Arbitrary<string> MixedIds()
        => Gen.Frequency(
                (6, StringOf(SafeChars, 70)),
                (3, StringOf(SafeChars.Concat(HostileChars).ToArray(), 70)),
                (1, Gen.Elements(".", "..", "...", "a..b", "./a", "%2e%2e", "a/../b", "", new string('a', 64), new string('a', 65))))
            .ToArbitrary();

    [Property(MaxTest = 500)]
    public Property A_valid_id_never_changes_the_request_path()
        => Prop.ForAll(MixedIds(), id =>
        {
            if (!AuraInput.IsValidId(id)) return true;
            var escaped = AuraTransport.Escape(id);
            var uri = new Uri("https://api.neo4j.io/v1/instances/" + escaped + "/snapshots");
            return escaped == id
                   && uri.AbsolutePath == "/v1/instances/" + id + "/snapshots"
                   && uri.Query.Length == 0 && uri.Fragment.Length == 0
                   && uri.Segments.Length == 5;
        });

    [Property(MaxTest = 500)]
    public Property An_id_with_a_path_changing_character_is_refused_with_AuraInvalidArgument_naming_the_parameter()
        => Prop.ForAll(MixedIds(), id =>
        {
            var hostile = id.Length == 0 || id.Length > AuraInput.MaxIdLength || id.Contains("..")
                          || id.IndexOfAny(HostileChars) >= 0 || id == ".";
            if (!hostile) return true;
            if (AuraInput.IsValidId(id)) return false;
            try
            {
                AuraInput.ValidateId(id, "InstanceId");
                return false;
            }
            catch (AuraApiException ex)
            {
                return ex.ErrorId == "AuraInvalidArgument" && ex.Message.Contains("-InstanceId")
                       && ex.Message.Length < 300; // the value is quoted briefly, never pasted whole
            }
        });

    [Property(MaxTest = 500)]
    public Property The_cmdlets_never_accept_an_id_the_client_would_refuse()
        => Prop.ForAll(MixedIds(), id =>
        {
            string accepted;
            try { accepted = InputRules.Id(id, "InstanceId"); }
            catch (AuraApiException ex) { return ex.ErrorId == "AuraInvalidArgument"; }
            return AuraInput.IsValidId(accepted);
        });

    private static Arbitrary<string> MemoryLike()
        => Gen.Frequency(
                (3, Gen.Choose(0, 2048).Select(n => n + "GB")),
                (2, Gen.Choose(0, 2048).SelectMany(n => Gen.Elements("gb", "Gb", " GB", "GiB", "MB", "TB", "", "G", ".5GB", "GB ")).Select(s => s)),
                (3, StringOf("0123456789GBMTgbi .-+,e".ToCharArray(), 10)))
            .ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Memory_checks_fail_only_with_AuraInvalidArgument_and_agree_on_whole_gigabytes()
        => Prop.ForAll(MemoryLike(), value =>
        {
            string? normalised = null;
            try { normalised = InputRules.Size(value, "Memory").Text; }
            catch (AuraApiException ex) when (ex.ErrorId == "AuraInvalidArgument") { }
            var clientOk = true;
            try { AuraInput.ValidateMemory(value); }
            catch (AuraApiException ex) when (ex.ErrorId == "AuraInvalidArgument") { clientOk = false; }
            // Whatever the client accepts, the cmdlets accept too, unchanged.
            if (clientOk && normalised != value) return false;
            // A whole number of gigabytes from 1 up is always accepted by both.
            var whole = System.Text.RegularExpressions.Regex.IsMatch(value, "^[1-9][0-9]*GB$");
            return !whole || (clientOk && normalised == value);
        });

    [Property(MaxTest = 300)]
    public Property Names_the_cmdlets_accept_the_client_accepts_and_none_is_longer_than_30()
        => Prop.ForAll(StringOf("abcXYZ0123456789-_ .é\t\n\u0007".ToCharArray(), 40).ToArbitrary(), name =>
        {
            string accepted;
            try { accepted = InputRules.Name(name); }
            catch (AuraApiException ex) { return ex.ErrorId == "AuraInvalidArgument"; }
            try { AuraInput.ValidateName(accepted); }
            catch (AuraApiException) { return false; }
            return accepted.Length is >= 1 and <= 30 && !accepted.Any(char.IsControl);
        });

    // ------------------------------------------------------------ model parsing

    private static Gen<JsonNode?> AnyJson(int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Choose(-1000000, 1000000).Select(n => (JsonNode?)JsonValue.Create(n)),
            Gen.Choose(-1000, 1000).Select(n => (JsonNode?)JsonValue.Create(n / 7.0)),
            StringOf("abcXYZ019 -_:.T+Zé\"\\/\u0001".ToCharArray(), 20).Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth <= 0) return scalars;
        var inner = AnyJson(depth - 1);
        return Gen.Frequency(
            (6, scalars),
            (1, Gen.ArrayOf(inner, 2).Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
            (1, Gen.ArrayOf(inner, 2).Select(items =>
            {
                var o = new JsonObject();
                for (var k = 0; k < items.Length; k++) o["k" + k] = items[k]?.DeepClone();
                return (JsonNode?)o;
            })));
    }

    private static readonly string[] InstanceFields = { "id", "name", "status", "tenant_id", "cloud_provider", "region", "type", "memory", "storage", "connection_url", "metrics_integration_url", "created_at", "customer_managed_key_id", "vector_optimized", "graph_analytics_plugin", "secondaries_count", "cdc_enrichment_mode", "graph_nodes", "graph_relationships" };
    private static readonly string[] SnapshotFields = { "snapshot_id", "instance_id", "status", "profile", "timestamp", "exportable" };

    private sealed record Document(string Json, string? Status, string[] Unknown);

    private static Arbitrary<Document> Documents(string[] known)
        => Gen.ArrayOf(AnyJson(2), known.Length)
            .SelectMany(values => Gen.ArrayOf(StringOf("abcdefghijklmnopqrstuvwxyz_".ToCharArray(), 12), 3), (values, names) => (values, names))
            .SelectMany(t => Gen.ArrayOf(AnyJson(2), 3), (t, extra) => (t.values, t.names, extra))
            .SelectMany(t => StringOf("abcdefghijklmnopqrstuvwxyzABC-_ ".ToCharArray(), 16), (t, status) =>
            {
                var o = new JsonObject();
                for (var k = 0; k < known.Length; k++) o[known[k]] = t.values[k]?.DeepClone();
                o["status"] = status; // any text: statuses the module does not know must parse
                var unknown = new List<string>();
                for (var k = 0; k < t.names.Length; k++)
                {
                    var name = "x_" + t.names[k];
                    if (o.ContainsKey(name)) continue;
                    o[name] = t.extra[k]?.DeepClone();
                    unknown.Add(name);
                }
                return new Document(new JsonObject { ["data"] = o }.ToJsonString(), status, unknown.ToArray());
            })
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Any_instance_json_parses_keeps_its_status_text_and_its_unknown_fields()
        => Prop.ForAll(Documents(InstanceFields), doc =>
        {
            var envelope = JsonSerializer.Deserialize(doc.Json, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance);
            var instance = envelope!.Data!;
            var extra = instance.AdditionalProperties().Select(p => p.Key).ToHashSet();
            return instance.Status == doc.Status && doc.Unknown.Where(n => !Redactor.IsSensitiveName(n)).All(extra.Contains);
        });

    [Property(MaxTest = 300)]
    public Property Any_create_answer_parses_so_the_one_time_password_is_never_lost_to_an_odd_field()
        => Prop.ForAll(Documents(InstanceFields), doc =>
        {
            // The answer to POST /instances carries the only copy of the password: an odd value in any other field
            // must not make the module throw the answer (and the password) away after the instance was created.
            var node = JsonNode.Parse(doc.Json)!;
            node["data"]!["password"] = "One-Time-Pa55word";
            node["data"]!["username"] = "neo4j";
            node["data"]!["id"] = "a1b2c3d4";
            using var created = JsonSerializer.Deserialize(node.ToJsonString(), AuraJsonContext.Default.AuraDataEnvelopeAuraInstanceCreated)!.Data!;
            return created.Id == "a1b2c3d4" && created.Password is { Length: 17 } && created.Status == doc.Status;
        });

    [Property(MaxTest = 300)]
    public Property Any_snapshot_json_parses_keeps_its_status_text_and_its_unknown_fields()
        => Prop.ForAll(Documents(SnapshotFields), doc =>
        {
            var envelope = JsonSerializer.Deserialize(doc.Json, AuraJsonContext.Default.AuraDataEnvelopeAuraSnapshot);
            var snapshot = envelope!.Data!;
            var extra = snapshot.AdditionalProperties().Select(p => p.Key).ToHashSet();
            return snapshot.Status == doc.Status && doc.Unknown.Where(n => !Redactor.IsSensitiveName(n)).All(extra.Contains);
        });

    [Property(MaxTest = 300)]
    public Property Unknown_fields_become_note_properties_except_secret_looking_ones()
        => Prop.ForAll(Documents(InstanceFields), doc =>
        {
            var instance = JsonSerializer.Deserialize(doc.Json, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance)!.Data!;
            var ps = AuraOutput.Wrap(instance);
            return doc.Unknown.All(name =>
                AuraOutput.IsPublishable(name) == (ps.Properties[AuraOutput.PascalCase(name)] is not null));
        });

    // ------------------------------------------------------------ redaction

    private static Arbitrary<(string Name, string Value)> SecretFields()
        => Gen.Elements("password", "access_token", "client_secret", "refresh_token", "Authorization", "db_password", "newPassword")
            .SelectMany(_ => StringOf("abcdefXYZ0123456789-_.~+/=".ToCharArray(), 40).Where(v => v.Length >= 8), (name, value) => (name, value))
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Redaction_hides_every_value_of_a_secret_named_field_wherever_it_sits()
        => Prop.ForAll(SecretFields(), field =>
        {
            var body = new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["id"] = "a1b2c3d4",
                    [field.Name] = field.Value,
                    ["nested"] = new JsonArray(new JsonObject { [field.Name] = field.Value }),
                },
            }.ToJsonString();
            var redacted = Redactor.RedactUtf8(Encoding.UTF8.GetBytes(body));
            // The text form (name=value, as in a query or form body) is promised for password/secret/token names.
            var textual = field.Name.IndexOf("authorization", StringComparison.OrdinalIgnoreCase) < 0;
            var text = Redactor.Redact($"{field.Name}={field.Value}&x=1");
            return !redacted.Contains(field.Value) && redacted.Contains("a1b2c3d4") && (!textual || !text.Contains(field.Value));
        });
}
