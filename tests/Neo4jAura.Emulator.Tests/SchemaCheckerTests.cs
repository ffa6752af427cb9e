using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>The contract test's schema checker must be able to fail.</summary>
public sealed class SchemaCheckerTests
{
    private static Microsoft.OpenApi.IOpenApiSchema Schema(string name) => SpecSchema.Spec.Components!.Schemas![name];

    private const string ValidInstance = """
        {"data":{"id":"a1b2c3d4","name":"n","status":"running","connection_url":"neo4j+s://x","cloud_provider":"gcp",
        "tenant_id":"t","memory":"1GB","region":"europe-west1","type":"free-db","created_at":"2025-01-01T00:00:00Z","graph_nodes":"3"}}
        """;

    [Fact]
    public void AcceptsAValidInstance() => Assert.Empty(SpecSchema.Validate(Schema("Instance"), JsonNode.Parse(ValidInstance)));

    [Theory]
    [InlineData("id", "5", "$.data.id")]
    [InlineData("status", "\"destroyed\"", "$.data.status")]
    [InlineData("cloud_provider", "\"oracle\"", "$.data.cloud_provider")]
    [InlineData("neo4j_version", "\"5\"", "$.data")]
    [InlineData("secondaries_count", "\"2\"", "$.data.secondaries_count")]
    [InlineData("cdc_enrichment_mode", "false", "$.data.cdc_enrichment_mode")]
    [InlineData("created_at", "\"2025-01-01T00:00:00.000Z\"", "$.data.created_at")]
    public void RejectsWrongTypesEnumsFormatsAndUndeclaredFields(string field, string json, string at)
    {
        var node = JsonNode.Parse(ValidInstance)!;
        node["data"]![field] = JsonNode.Parse(json);
        var problems = SpecSchema.Validate(Schema("Instance"), node);
        Assert.Contains(problems, p => p.StartsWith(at + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void SessionAnswersAllowNullOnlyWhereAuraSendsIt()
    {
        const string created = """
            {"data":{"id":"559c94c7-15de43fg","name":"n","memory":"4GB","instance_id":"559c94c7","database_uuid":"ea408a62-c991-490c-96db-2b947003eece",
            "status":null,"created_at":"2025-04-04T09:32:35Z","host":"559c94c7-15de43fg.sessions.neo4j.io","user_id":"u","tenant_id":"t",
            "cloud_provider":"gcp","region":"europe-west1"}}
            """;
        Assert.Empty(SpecSchema.Validate(Schema("GdsSessionCreated"), JsonNode.Parse(created)));
        var withStatus = JsonNode.Parse(created)!;
        withStatus["data"]!["status"] = "Creating";
        Assert.Contains(SpecSchema.Validate(Schema("GdsSessionCreated"), withStatus), p => p.StartsWith("$.data.status:", StringComparison.Ordinal));
        var withTtl = JsonNode.Parse(created)!;
        withTtl["data"]!["ttl"] = "1h0m0s";
        Assert.NotEmpty(SpecSchema.Validate(Schema("GdsSessionCreated"), withTtl));
        var noStatus = JsonNode.Parse(created)!;
        noStatus["data"]!.AsObject().Remove("status");
        Assert.NotEmpty(SpecSchema.Validate(Schema("GdsSessionCreated"), noStatus));

        var session = JsonNode.Parse(created)!["data"]!.AsObject();
        session["status"] = "Creating";
        session["expiry_date"] = null;
        session["ttl"] = null;
        Assert.Empty(SpecSchema.Validate(Schema("GdsSession"), session));
        session["status"] = null;
        Assert.NotEmpty(SpecSchema.Validate(Schema("GdsSession"), session));
        session["status"] = "Ready";
        session.Remove("ttl");
        Assert.NotEmpty(SpecSchema.Validate(Schema("GdsSession"), session));
        session["ttl"] = "8m";
        session["id"] = "s-f5138f3b-7956-4";
        Assert.Empty(SpecSchema.Validate(Schema("GdsSession"), session));
        session["id"] = "session-1";
        Assert.NotEmpty(SpecSchema.Validate(Schema("GdsSession"), session));
    }

    [Fact]
    public void ChecksRequiredLengthsItemsAndOneOf()
    {
        var create = SpecSchema.Validate(Schema("CreateInstanceRequest"), JsonNode.Parse($$"""{"name":"{{new string('n', 31)}}"}"""));
        Assert.Contains(create, p => p.Contains("required property 'tenant_id'", StringComparison.Ordinal));
        Assert.Contains(create, p => p.StartsWith("$.name: longer than 30", StringComparison.Ordinal));
        Assert.NotEmpty(SpecSchema.Validate(Schema("Snapshot"), JsonNode.Parse("""{"instance_id":"i","profile":"Daily"}""")));
        Assert.NotEmpty(SpecSchema.Validate(Schema("Error"), JsonNode.Parse("""{"errors":[{"message":1,"reason":"r"}]}""")));
        Assert.NotEmpty(SpecSchema.Validate(Schema("Error"), JsonNode.Parse("""{"errors":[{"message":"m"}]}""")));
        Assert.NotEmpty(SpecSchema.Validate(Schema("Error"), JsonNode.Parse("""{"errors":[]}""")));
        Assert.NotEmpty(SpecSchema.Validate(Schema("EmptyObject"), JsonNode.Parse("""{"data":{}}""")));
        var unauthorized = SpecSchema.Spec.Components!.Responses!["Unauthorized"].Content!["application/json"].Schema!;
        Assert.Empty(SpecSchema.Validate(unauthorized, JsonNode.Parse("""{"error":"Key not authorised"}""")));
        Assert.NotEmpty(SpecSchema.Validate(unauthorized, JsonNode.Parse("""{"message":"no"}""")));
    }
}
