using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Neo4jAura.Emulator.Tests;

/// <summary>
/// Calls every path and method of the seed spec (aura-api-openapi.yml) on the emulator, with valid data and with
/// invalid data or unknown ids, under /v1 and /v1beta3, and checks that the status is the expected one, that the
/// spec declares it, and that the JSON body validates against the declared response schema.
/// </summary>
public sealed class ContractTests : IClassFixture<ContractTests.Fixture>
{
    private readonly Fixture fixture;

    public ContractTests(Fixture fixture) => this.fixture = fixture;

    public enum Auth
    {
        Valid,
        None,
        Expired,
        BadClientSecret,
    }

    public sealed record Case(string SpecPath, string Method, string Name, string Url, int Expected, string? Body = null, Auth Auth = Auth.Valid)
    {
        public override string ToString() => $"{Method} {SpecPath}: {Name}";
    }

    private const string Unknown = "ffffffff";
    private const string UnknownSnapshot = "00000000-0000-4000-8000-ffffffffffff";

    public static readonly Case[] Cases =
    {
        new("/oauth/token", "POST", "valid credentials", "oauth/token", 200),
        new("/oauth/token", "POST", "wrong secret", "oauth/token", 401, Auth: Auth.BadClientSecret),

        new("/instances", "GET", "all", "{v}/instances", 200),
        new("/instances", "GET", "tenant filter", $"{{v}}/instances?tenantId={Seed.OtherTenant}", 200),
        new("/instances", "GET", "no token", "{v}/instances", 401, Auth: Auth.None),
        new("/instances", "GET", "expired token", "{v}/instances", 403, Auth: Auth.Expired),
        new("/instances", "POST", "valid", "{v}/instances", 202, Seed.CreateBody()),
        new("/instances", "POST", "empty object", "{v}/instances", 400, "{}"),
        new("/instances", "POST", "name too long", "{v}/instances", 400, Seed.CreateBody(name: new string('n', 31))),
        new("/instances", "POST", "unknown tenant", "{v}/instances", 400, Seed.CreateBody(tenantId: "no-such-tenant")),
        new("/instances", "POST", "malformed JSON", "{v}/instances", 400, "{\"name\": "),
        new("/instances", "POST", "no token", "{v}/instances", 401, Seed.CreateBody(), Auth.None),
        new("/instances", "POST", "expired token", "{v}/instances", 403, Seed.CreateBody(), Auth.Expired),

        new("/instances/{instanceId}", "GET", "running", $"{{v}}/instances/{Seed.Running}", 200),
        new("/instances/{instanceId}", "GET", "unknown id", $"{{v}}/instances/{Unknown}", 404),
        new("/instances/{instanceId}", "GET", "no token", $"{{v}}/instances/{Seed.Running}", 401, Auth: Auth.None),
        new("/instances/{instanceId}", "PATCH", "rename", $"{{v}}/instances/{Seed.Running}", 200, "{\"name\":\"renamed\"}"),
        new("/instances/{instanceId}", "PATCH", "resize", $"{{v}}/instances/{Seed.Running}", 200, "{\"memory\":\"16GB\"}"),
        new("/instances/{instanceId}", "PATCH", "name too long", $"{{v}}/instances/{Seed.Running}", 400, $"{{\"name\":\"{new string('x', 31)}\"}}"),
        new("/instances/{instanceId}", "PATCH", "bad memory", $"{{v}}/instances/{Seed.Running}", 400, "{\"memory\":\"lots\"}"),
        new("/instances/{instanceId}", "PATCH", "unknown id", $"{{v}}/instances/{Unknown}", 404, "{\"name\":\"renamed\"}"),
        new("/instances/{instanceId}", "DELETE", "running", $"{{v}}/instances/{Seed.Running}", 202),
        new("/instances/{instanceId}", "DELETE", "unknown id", $"{{v}}/instances/{Unknown}", 404),

        new("/instances/{instanceId}/pause", "POST", "running", $"{{v}}/instances/{Seed.Running}/pause", 200),
        new("/instances/{instanceId}/pause", "POST", "unknown id", $"{{v}}/instances/{Unknown}/pause", 404),
        new("/instances/{instanceId}/resume", "POST", "paused", $"{{v}}/instances/{Seed.Paused}/resume", 200),
        new("/instances/{instanceId}/resume", "POST", "unknown id", $"{{v}}/instances/{Unknown}/resume", 404),

        new("/instances/{instanceId}/overwrite", "POST", "from another instance's snapshot", $"{{v}}/instances/{Seed.Running}/overwrite", 200,
            $"{{\"source_instance_id\":\"{Seed.Running2}\",\"source_snapshot_id\":\"{Seed.Running2Snapshot}\"}}"),
        new("/instances/{instanceId}/overwrite", "POST", "missing fields", $"{{v}}/instances/{Seed.Running}/overwrite", 400, "{}"),
        new("/instances/{instanceId}/overwrite", "POST", "snapshot of another instance", $"{{v}}/instances/{Seed.Running}/overwrite", 400,
            $"{{\"source_instance_id\":\"{Seed.Running}\",\"source_snapshot_id\":\"{Seed.Running2Snapshot}\"}}"),
        new("/instances/{instanceId}/overwrite", "POST", "unknown target", $"{{v}}/instances/{Unknown}/overwrite", 404,
            $"{{\"source_instance_id\":\"{Seed.Running2}\",\"source_snapshot_id\":\"{Seed.Running2Snapshot}\"}}"),
        new("/instances/{instanceId}/overwrite", "POST", "unknown snapshot", $"{{v}}/instances/{Seed.Running}/overwrite", 404,
            $"{{\"source_instance_id\":\"{Seed.Running2}\",\"source_snapshot_id\":\"{UnknownSnapshot}\"}}"),

        new("/tenants", "GET", "all", "{v}/tenants", 200),
        new("/tenants", "GET", "no token", "{v}/tenants", 401, Auth: Auth.None),
        new("/tenants/{tenantId}", "GET", "known", $"{{v}}/tenants/{Seed.Tenant}", 200),
        new("/tenants/{tenantId}", "GET", "unknown id", "{v}/tenants/no-such-tenant", 404),

        new("/instances/{instanceId}/snapshots", "GET", "running", $"{{v}}/instances/{Seed.Running}/snapshots", 200),
        new("/instances/{instanceId}/snapshots", "GET", "unknown id", $"{{v}}/instances/{Unknown}/snapshots", 404),
        new("/instances/{instanceId}/snapshots", "POST", "running", $"{{v}}/instances/{Seed.Running}/snapshots", 202),
        new("/instances/{instanceId}/snapshots", "POST", "unknown id", $"{{v}}/instances/{Unknown}/snapshots", 404),

        new("/instances/{instanceId}/snapshots/{snapshotId}", "GET", "completed", $"{{v}}/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}", 200),
        new("/instances/{instanceId}/snapshots/{snapshotId}", "GET", "unknown snapshot", $"{{v}}/instances/{Seed.Running}/snapshots/{UnknownSnapshot}", 404),
        new("/instances/{instanceId}/snapshots/{snapshotId}", "GET", "snapshot of another instance", $"{{v}}/instances/{Seed.Running}/snapshots/{Seed.Running2Snapshot}", 404),
        new("/instances/{instanceId}/snapshots/{snapshotId}", "GET", "unknown instance", $"{{v}}/instances/{Unknown}/snapshots/{Seed.RunningSnapshot}", 404),

        new("/instances/{instanceId}/snapshots/{snapshotId}/restore", "POST", "valid", $"{{v}}/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore", 202, Seed.RestoreBody()),
        new("/instances/{instanceId}/snapshots/{snapshotId}/restore", "POST", "free-db is not a restore type", $"{{v}}/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore", 400, Seed.RestoreBody(type: "free-db")),
        new("/instances/{instanceId}/snapshots/{snapshotId}/restore", "POST", "missing fields", $"{{v}}/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore", 400, "{\"name\":\"x\"}"),
        new("/instances/{instanceId}/snapshots/{snapshotId}/restore", "POST", "unknown snapshot", $"{{v}}/instances/{Seed.Running}/snapshots/{UnknownSnapshot}/restore", 404, Seed.RestoreBody()),
    };

    public static IEnumerable<object[]> CaseData() =>
        from i in Enumerable.Range(0, Cases.Length)
        from v in new[] { "v1", "v1beta3" }
        where Cases[i].SpecPath != "/oauth/token" || v == "v1"
        select new object[] { i, v, Cases[i].ToString() };

    [Fact]
    public void SpecLoadsWithEveryOperation()
    {
        var operations = SpecSchema.Operations().Select(o => $"{o.Method.Method} {o.Path}").ToList();
        Assert.Equal(15, operations.Count);
        Assert.Contains("POST /oauth/token", operations);
        Assert.Contains("POST /instances/{instanceId}/snapshots/{snapshotId}/restore", operations);
    }

    [Fact]
    public void EverySpecOperationHasASuccessAndAnErrorCase()
    {
        foreach (var (path, method, operation) in SpecSchema.Operations())
        {
            var cases = Cases.Where(c => c.SpecPath == path && c.Method == method.Method).ToList();
            Assert.True(cases.Any(c => c.Expected < 300), $"No success case for {method} {path} ({operation.OperationId})");
            Assert.True(cases.Any(c => c.Expected >= 400), $"No error case for {method} {path} ({operation.OperationId})");
        }

        foreach (var c in Cases)
        {
            Assert.True(SpecSchema.Operations().Any(o => o.Path == c.SpecPath && o.Method.Method == c.Method), $"{c} is not in the spec");
        }
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public async Task OperationAnswersAsTheSpecDeclares(int index, string version, string description)
    {
        var c = Cases[index];
        Assert.Equal(c.ToString(), description);
        var emu = await fixture.ReadyAsync();
        var (_, _, operation) = SpecSchema.Operations().Single(o => o.Path == c.SpecPath && o.Method.Method == c.Method);

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url.Replace("{v}", version));
        if (c.SpecPath == "/oauth/token")
        {
            var secret = c.Auth == Auth.BadClientSecret ? "wrong" : TestEmulator.ClientSecret;
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEmulator.ClientId}:{secret}")));
            request.Content = new StringContent("grant_type=client_credentials", Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        else
        {
            if (c.Auth is Auth.Valid or Auth.Expired)
            {
                var token = await emu.TokenAsync(fresh: true);
                if (c.Auth == Auth.Expired)
                {
                    await emu.ControlAsync(HttpMethod.Post, "tokens/expire");
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (c.Body is not null)
            {
                request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
            }
        }

        using var response = await emu.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(c.Expected == status, $"{c} under /{version}: expected {c.Expected}, got {status}: {text}");

        var declared = operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var r) == true ? r : null;
        Assert.True(declared is not null, $"{c}: the spec does not declare status {status} for {operation.OperationId}");

        var schema = declared!.Content?.TryGetValue("application/json", out var media) == true ? media.Schema : null;
        if (schema is not null)
        {
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "");
            var body = JsonNode.Parse(text);
            var problems = SpecSchema.Validate(schema, body);
            Assert.True(problems.Count == 0, $"{c}: body does not match the spec schema:\n{string.Join("\n", problems)}\n{text}");
        }

        if (status >= 400 && status != 401 || c.SpecPath != "/oauth/token" && status >= 400)
        {
            // Every error answer carries an AuraError body, declared or not.
            var errors = SpecSchema.Validate(SpecSchema.Spec.Components!.Schemas!["AuraError"], JsonNode.Parse(text));
            Assert.Empty(errors);
            Assert.NotEmpty(JsonNode.Parse(text)!["errors"]!.AsArray());
        }
    }

    /// <summary>One emulator for the whole class, reset to the seed before each case.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private TestEmulator? emulator;

        public async Task<TestEmulator> ReadyAsync()
        {
            await emulator!.ControlAsync(HttpMethod.Post, "reset");
            return emulator;
        }

        public async Task InitializeAsync() => emulator = await TestEmulator.StartAsync();

        public async Task DisposeAsync()
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }
}
