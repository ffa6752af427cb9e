using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>The contract test's schema checker must be able to fail.</summary>
public sealed class SchemaCheckerTests
{
    private static Microsoft.OpenApi.IOpenApiSchema Schema(string name) => SpecSchema.Spec.Components!.Schemas![name];

    [Fact]
    public void AcceptsAValidInstanceWithExtraFields()
    {
        var node = JsonNode.Parse("""{"id":"a1b2c3d4","status":"running","type":"free-db","cloud_provider":"gcp","extra":1}""");
        Assert.Empty(SpecSchema.Validate(Schema("Instance"), node));
    }

    [Theory]
    [InlineData("""{"id":5}""", "$.id")]
    [InlineData("""{"status":"exploding"}""", "$.status")]
    [InlineData("""{"cloud_provider":"oracle"}""", "$.cloud_provider")]
    [InlineData("""[]""", "$")]
    public void RejectsWrongTypesAndEnums(string json, string at)
    {
        var problems = SpecSchema.Validate(Schema("Instance"), JsonNode.Parse(json));
        Assert.Contains(problems, p => p.StartsWith(at + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void ChecksRequiredMaxLengthAndDateTime()
    {
        var create = SpecSchema.Validate(Schema("CreateInstanceRequest"), JsonNode.Parse($$"""{"name":"{{new string('n', 31)}}"}"""));
        Assert.Contains(create, p => p.Contains("required property 'tenant_id'", StringComparison.Ordinal));
        Assert.Contains(create, p => p.StartsWith("$.name: longer than 30", StringComparison.Ordinal));
        Assert.NotEmpty(SpecSchema.Validate(Schema("Snapshot"), JsonNode.Parse("""{"timestamp":"yesterday"}""")));
        Assert.NotEmpty(SpecSchema.Validate(Schema("AuraError"), JsonNode.Parse("""{"errors":[{"message":1}]}""")));
        Assert.NotEmpty(SpecSchema.Validate(Schema("AuraError"), JsonNode.Parse("""{"errors":[{"message":"m","field":null}]}""")));
    }
}
