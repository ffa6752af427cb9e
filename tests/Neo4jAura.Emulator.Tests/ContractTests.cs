using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>
/// Calls every operation of the project's description of Aura API v1 (tests/AuraApi/aura-api-v1.yaml) on the
/// emulator, successfully and with each error the emulator can give, and checks that the status is the expected one,
/// that the description declares it, that the body validates against the declared schema (closed objects: no
/// undeclared field), that a declared body-less answer has no body, and that every answer has its own X-Request-Id.
/// </summary>
public sealed class ContractTests : IClassFixture<ContractTests.Fixture>
{
    private readonly Fixture fixture;

    public ContractTests(Fixture fixture) => this.fixture = fixture;

    public enum Auth
    {
        Valid,
        None,
        Garbage,
        Expired,
        BadClientSecret,
    }

    /// <summary>
    /// One call. <paramref name="Setup"/> runs first on the freshly reset emulator; what it returns replaces "{x}" in
    /// the URL. <paramref name="ContentType"/> null sends the body without a Content-Type header.
    /// </summary>
    public sealed record Case(
        string SpecPath, string Method, string Name, string Url, int Expected, string? Body = null, Auth Auth = Auth.Valid,
        Func<TestEmulator, Task<string>>? Setup = null, string? ContentType = "application/json")
    {
        public override string ToString() => $"{Method} {SpecPath}: {Name}";
    }

    private const string Unknown = "ffffffff";
    private const string UnknownSnapshot = "00000000-0000-4000-8000-ffffffffffff";
    private const string Instances = "/instances";
    private const string Instance = "/instances/{instanceId}";
    private const string Snapshots = "/instances/{instanceId}/snapshots";
    private const string Snapshot = "/instances/{instanceId}/snapshots/{snapshotId}";
    private const string Restore = "/instances/{instanceId}/snapshots/{snapshotId}/restore";
    private const string Overwrite = "/instances/{instanceId}/overwrite";
    private const string Keys = "/customer-managed-keys";
    private const string KeyPath = "/customer-managed-keys/{customerManagedKeyId}";
    private const string Sessions = "/graph-analytics/sessions";
    private const string SessionPath = "/graph-analytics/sessions/{sessionId}";

    private static Func<TestEmulator, Task<string>> Settings(string json) => async emu =>
    {
        await emu.ControlAsync(HttpMethod.Post, "settings", json);
        return "";
    };

    /// <summary>Starts a pause of <paramref name="id"/> so that it is busy (pausing).</summary>
    private static Func<TestEmulator, Task<string>> Busy(string id) => async emu =>
    {
        using var _ = await emu.PostAsync($"v1/instances/{id}/pause");
        return id;
    };

    private static readonly Func<TestEmulator, Task<string>> NewKey = emu => emu.PostForIdAsync("v1/customer-managed-keys", Seed.KeyBody());

    private static readonly Func<TestEmulator, Task<string>> NewSession = emu => emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody());

    /// <summary>A standalone and an attached session, moved on (control clock) until both are Ready; returns the attached one.</summary>
    private static readonly Func<TestEmulator, Task<string>> ReadySessions = async emu =>
    {
        await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody());
        var attached = await emu.PostForIdAsync("v1/graph-analytics/sessions", Seed.SessionBody("attached", instanceId: Seed.Running));
        await emu.ControlAsync(HttpMethod.Post, "clock", "{\"advance_seconds\": 3}");
        return attached;
    };

    private static string Overwriting(string source, string? snapshot = null) =>
        snapshot is null
            ? $"{{\"source_instance_id\":\"{source}\"}}"
            : $"{{\"source_instance_id\":\"{source}\",\"source_snapshot_id\":\"{snapshot}\"}}";

    public static readonly Case[] Cases =
    {
        new("/oauth/token", "POST", "valid credentials", "oauth/token", 200),
        new("/oauth/token", "POST", "wrong secret", "oauth/token", 401, Auth: Auth.BadClientSecret),
        new("/oauth/token", "POST", "password grant", "oauth/token", 400, "grant_type=password"),

        new(Instances, "GET", "all", "v1/instances", 200),
        new(Instances, "GET", "tenant filter", $"v1/instances?tenantId={Seed.OtherTenant}", 200),
        new(Instances, "GET", "no token", "v1/instances", 401, Auth: Auth.None),
        new(Instances, "GET", "unknown token", "v1/instances", 401, Auth: Auth.Garbage),
        new(Instances, "GET", "expired token", "v1/instances", 403, Auth: Auth.Expired),
        new(Instances, "POST", "create", "v1/instances", 202, Seed.CreateBody()),
        new(Instances, "POST", "create free", "v1/instances", 202, Seed.CreateBody("free", "1GB", "europe-west1", "gcp", "free-db", Seed.OtherTenant)),
        new(Instances, "POST", "clone now", "v1/instances", 202, Seed.CloneBody(Seed.Running2)),
        new(Instances, "POST", "clone from an exportable snapshot", "v1/instances", 202, Seed.CloneBody(Seed.Running, Seed.RunningSnapshot)),
        new(Instances, "POST", "empty object", "v1/instances", 400, "{}"),
        new(Instances, "POST", "name too long", "v1/instances", 400, Seed.CreateBody(name: new string('n', 31))),
        new(Instances, "POST", "unknown tenant", "v1/instances", 400, Seed.CreateBody(tenantId: "no-such-tenant")),
        new(Instances, "POST", "size not offered", "v1/instances", 400, Seed.CreateBody(memory: "3GB")),
        new(Instances, "POST", "malformed JSON", "v1/instances", 400, "{\"name\": "),
        new(Instances, "POST", "clone from a failed snapshot", "v1/instances", 400, Seed.CloneBody(Seed.Analytics, Seed.FailedSnapshot)),
        new(Instances, "POST", "billing details missing", "v1/instances", 400, Seed.CreateBody(), Setup: Settings("{\"missing_billing_details\":true}")),
        new(Instances, "POST", "instance limit", "v1/instances", 405, Seed.CreateBody(), Setup: Settings("{\"instance_limit\":3}")),
        new(Instances, "POST", "clone of a busy source", "v1/instances", 409, Seed.CloneBody(Seed.Running2), Setup: Busy(Seed.Running2)),
        new(Instances, "POST", "no content type", "v1/instances", 415, Seed.CreateBody(), ContentType: null),
        new(Instances, "POST", "text/plain", "v1/instances", 415, Seed.CreateBody(), ContentType: "text/plain"),
        new(Instances, "POST", "body too large", "v1/instances", 413, "{\"name\":\"" + new string('x', 1_100_000) + "\"}"),
        new(Instances, "POST", "no token", "v1/instances", 401, Seed.CreateBody(), Auth.None),

        new("/instances/sizing", "POST", "estimate", "v1/instances/sizing", 200,
            "{\"node_count\":1000000,\"relationship_count\":5000000,\"instance_type\":\"professional-ds\",\"algorithm_categories\":[\"pathfinding\"]}"),
        new("/instances/sizing", "POST", "no counts", "v1/instances/sizing", 400, "{}"),
        new("/instances/sizing", "POST", "no content type", "v1/instances/sizing", 415, "{}", ContentType: null),
        new("/instances/sizing", "POST", "expired token", "v1/instances/sizing", 403, "{}", Auth.Expired),

        new(Instance, "GET", "enterprise-db", $"v1/instances/{Seed.Running}", 200),
        new(Instance, "GET", "business-critical", $"v1/instances/{Seed.Running2}", 200),
        new(Instance, "GET", "enterprise-ds", $"v1/instances/{Seed.Analytics}", 200),
        new(Instance, "GET", "professional-db", $"v1/instances/{Seed.Professional}", 200),
        new(Instance, "GET", "free-db", $"v1/instances/{Seed.Paused}", 200),
        new(Instance, "GET", "unknown id", $"v1/instances/{Unknown}", 404),
        new(Instance, "GET", "no token", $"v1/instances/{Seed.Running}", 401, Auth: Auth.None),
        new(Instance, "PATCH", "rename", $"v1/instances/{Seed.Running}", 200, "{\"name\":\"renamed\"}"),
        new(Instance, "PATCH", "resize", $"v1/instances/{Seed.Running}", 202, "{\"memory\":\"16GB\"}"),
        new(Instance, "PATCH", "secondaries and CDC", $"v1/instances/{Seed.Running}", 202, "{\"secondaries_count\":3,\"cdc_enrichment_mode\":\"DIFF\"}"),
        new(Instance, "PATCH", "CDC on professional", $"v1/instances/{Seed.Professional}", 400, "{\"cdc_enrichment_mode\":\"FULL\"}"),
        new(Instance, "PATCH", "name too long", $"v1/instances/{Seed.Running}", 400, $"{{\"name\":\"{new string('x', 31)}\"}}"),
        new(Instance, "PATCH", "bad memory", $"v1/instances/{Seed.Running}", 400, "{\"memory\":\"lots\"}"),
        new(Instance, "PATCH", "unknown id", $"v1/instances/{Unknown}", 404, "{\"name\":\"renamed\"}"),
        new(Instance, "PATCH", "while pausing", "v1/instances/{x}", 409, "{\"memory\":\"16GB\"}", Setup: Busy(Seed.Running)),
        new(Instance, "PATCH", "no content type", $"v1/instances/{Seed.Running}", 415, "{\"name\":\"renamed\"}", ContentType: null),
        new(Instance, "DELETE", "running", $"v1/instances/{Seed.Running}", 202),
        new(Instance, "DELETE", "unknown id", $"v1/instances/{Unknown}", 404),
        new(Instance, "DELETE", "while pausing", "v1/instances/{x}", 409, Setup: Busy(Seed.Running)),

        new(Overwrite, "POST", "from a new snapshot of the source", $"v1/instances/{Seed.Running2}/overwrite", 202, Overwriting(Seed.Running)),
        new(Overwrite, "POST", "from a snapshot of the source", $"v1/instances/{Seed.Running2}/overwrite", 202, Overwriting(Seed.Running, Seed.RunningSnapshot)),
        new(Overwrite, "POST", "no source", $"v1/instances/{Seed.Running2}/overwrite", 400, "{}"),
        new(Overwrite, "POST", "unknown source", $"v1/instances/{Seed.Running2}/overwrite", 404, Overwriting(Unknown)),
        new(Overwrite, "POST", "unknown target", $"v1/instances/{Unknown}/overwrite", 404, Overwriting(Seed.Running)),
        new(Overwrite, "POST", "snapshot of another instance", $"v1/instances/{Seed.Running2}/overwrite", 404, Overwriting(Seed.Running, Seed.Running2Snapshot)),
        new(Overwrite, "POST", "target busy", "v1/instances/{x}/overwrite", 409, Overwriting(Seed.Running), Setup: Busy(Seed.Running2)),
        new(Overwrite, "POST", "free target", $"v1/instances/{Seed.Paused}/overwrite", 420, Overwriting(Seed.Running)),
        new(Overwrite, "POST", "smaller target", $"v1/instances/{Seed.Running}/overwrite", 500, Overwriting(Seed.Running2)),
        new(Overwrite, "POST", "no content type", $"v1/instances/{Seed.Running2}/overwrite", 415, Overwriting(Seed.Running), ContentType: null),

        new("/instances/{instanceId}/pause", "POST", "running", $"v1/instances/{Seed.Running}/pause", 202, "{}"),
        new("/instances/{instanceId}/pause", "POST", "no body, as Neo4j Labs' aura-cli sends it", $"v1/instances/{Seed.Running}/pause", 202, ""),
        new("/instances/{instanceId}/pause", "POST", "already paused", $"v1/instances/{Seed.Paused}/pause", 400, "{}"),
        new("/instances/{instanceId}/pause", "POST", "unknown id", $"v1/instances/{Unknown}/pause", 404, "{}"),
        new("/instances/{instanceId}/pause", "POST", "while pausing", "v1/instances/{x}/pause", 409, "{}", Setup: Busy(Seed.Running)),
        new("/instances/{instanceId}/pause", "POST", "no body", $"v1/instances/{Seed.Running}/pause", 415, ContentType: null),
        new("/instances/{instanceId}/resume", "POST", "paused", $"v1/instances/{Seed.Paused}/resume", 202, "{}"),
        new("/instances/{instanceId}/resume", "POST", "running", $"v1/instances/{Seed.Running}/resume", 409, "{}"),
        new("/instances/{instanceId}/resume", "POST", "unknown id", $"v1/instances/{Unknown}/resume", 404, "{}"),
        new("/instances/{instanceId}/resume", "POST", "empty body", $"v1/instances/{Seed.Paused}/resume", 202, ""),
        new("/instances/{instanceId}/upgrade", "POST", "professional", $"v1/instances/{Seed.Professional}/upgrade", 200, "{}"),
        new("/instances/{instanceId}/upgrade", "POST", "professional, resized", $"v1/instances/{Seed.Professional}/upgrade", 200,
            "{\"memory\":\"8GB\",\"storage\":\"16GB\"}"),
        new("/instances/{instanceId}/upgrade", "POST", "memory without storage", $"v1/instances/{Seed.Professional}/upgrade", 400, "{\"memory\":\"8GB\"}"),
        new("/instances/{instanceId}/upgrade", "POST", "enterprise-db", $"v1/instances/{Seed.Running}/upgrade", 409, "{}"),
        new("/instances/{instanceId}/upgrade", "POST", "unknown id", $"v1/instances/{Unknown}/upgrade", 404, "{}"),

        new(Snapshots, "GET", "today", $"v1/instances/{Seed.Running}/snapshots", 200),
        new(Snapshots, "GET", "a past day", $"v1/instances/{Seed.Running}/snapshots?date=2025-05-30", 200),
        new(Snapshots, "GET", "malformed date", $"v1/instances/{Seed.Running}/snapshots?date=30-05-2025", 400),
        new(Snapshots, "GET", "unknown id", $"v1/instances/{Unknown}/snapshots", 404),
        new(Snapshots, "POST", "running", $"v1/instances/{Seed.Running}/snapshots", 202, "{}"),
        new(Snapshots, "POST", "no body", $"v1/instances/{Seed.Running}/snapshots", 202, ""),
        new(Snapshots, "POST", "free-db", $"v1/instances/{Seed.Paused}/snapshots", 402, "{}"),
        new(Snapshots, "POST", "payment required", $"v1/instances/{Seed.Running}/snapshots", 402, "{}", Setup: Settings("{\"snapshots_payment_required\":true}")),
        new(Snapshots, "POST", "while pausing", "v1/instances/{x}/snapshots", 409, "{}", Setup: Busy(Seed.Running)),
        new(Snapshots, "POST", "unknown id", $"v1/instances/{Unknown}/snapshots", 404, "{}"),
        new(Snapshots, "POST", "no body", $"v1/instances/{Seed.Running}/snapshots", 415, ContentType: null),

        new(Snapshot, "GET", "on-demand", $"v1/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}", 200),
        new(Snapshot, "GET", "unknown snapshot", $"v1/instances/{Seed.Running}/snapshots/{UnknownSnapshot}", 404),
        new(Snapshot, "GET", "snapshot of another instance", $"v1/instances/{Seed.Running}/snapshots/{Seed.Running2Snapshot}", 404),
        new(Restore, "POST", "in place", $"v1/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore", 202, "{}"),
        new(Restore, "POST", "in place, no body", $"v1/instances/{Seed.Running}/snapshots/{Seed.RunningSnapshot}/restore", 202, ""),
        new(Restore, "POST", "unknown snapshot", $"v1/instances/{Seed.Running}/snapshots/{UnknownSnapshot}/restore", 404, "{}"),
        new(Restore, "POST", "failed snapshot", $"v1/instances/{Seed.Analytics}/snapshots/{Seed.FailedSnapshot}/restore", 400, "{}"),
        new(Restore, "POST", "while pausing", "v1/instances/{x}/snapshots/" + Seed.RunningSnapshot + "/restore", 409, "{}", Setup: Busy(Seed.Running)),

        new("/tenants", "GET", "all", "v1/tenants", 200),
        new("/tenants", "GET", "no token", "v1/tenants", 401, Auth: Auth.None),
        new("/tenants/{tenantId}", "GET", "known", $"v1/tenants/{Seed.Tenant}", 200),
        new("/tenants/{tenantId}", "GET", "unknown id", "v1/tenants/no-such-tenant", 404),
        new("/tenants/{tenantId}/metrics-integration", "GET", "known", $"v1/tenants/{Seed.Tenant}/metrics-integration", 200),
        new("/tenants/{tenantId}/metrics-integration", "GET", "unknown id", "v1/tenants/no-such-tenant/metrics-integration", 404),

        new(Keys, "GET", "all", "v1/customer-managed-keys", 200),
        new(Keys, "GET", "tenant filter", $"v1/customer-managed-keys?tenantId={Seed.OtherTenant}", 200),
        new(Keys, "GET", "expired token", "v1/customer-managed-keys", 403, Auth: Auth.Expired),
        new(Keys, "POST", "valid", "v1/customer-managed-keys", 202, Seed.KeyBody()),
        new(Keys, "POST", "empty object", "v1/customer-managed-keys", 400, "{}"),
        new(Keys, "POST", "region not offered", "v1/customer-managed-keys", 400, Seed.KeyBody(region: "mars-1")),
        new(Keys, "POST", "no content type", "v1/customer-managed-keys", 415, Seed.KeyBody(), ContentType: null),
        new(KeyPath, "GET", "ready", $"v1/customer-managed-keys/{Seed.Key}", 200),
        new(KeyPath, "GET", "unknown id", $"v1/customer-managed-keys/{UnknownSnapshot}", 404),
        new(KeyPath, "DELETE", "unused", "v1/customer-managed-keys/{x}", 204, Setup: NewKey),
        new(KeyPath, "DELETE", "in use", $"v1/customer-managed-keys/{Seed.Key}", 400),
        new(KeyPath, "DELETE", "unknown id", $"v1/customer-managed-keys/{UnknownSnapshot}", 404),

        new(Sessions, "GET", "all", "v1/graph-analytics/sessions", 200, Setup: NewSession),
        new(Sessions, "GET", "filtered", $"v1/graph-analytics/sessions?tenantId={Seed.Tenant}&organizationId={State.SeedData.OrganizationId}", 200, Setup: NewSession),
        new(Sessions, "GET", "ready", "v1/graph-analytics/sessions", 200, Setup: ReadySessions),
        new(Sessions, "GET", "unknown instance", $"v1/graph-analytics/sessions?instanceId={Unknown}", 404),
        new(Sessions, "POST", "create standalone", "v1/graph-analytics/sessions", 202, Seed.SessionBody()),
        new(Sessions, "POST", "create attached", "v1/graph-analytics/sessions", 202, Seed.SessionBody(instanceId: Seed.Running, ttl: "30m")),
        new(Sessions, "POST", "existing", "v1/graph-analytics/sessions", 200, Seed.SessionBody(), Setup: NewSession),
        new(Sessions, "POST", "existing, ready", "v1/graph-analytics/sessions", 200, Seed.SessionBody(), Setup: ReadySessions),
        new(Sessions, "POST", "name taken with other memory", "v1/graph-analytics/sessions", 409, Seed.SessionBody(memory: "4GB"), Setup: NewSession),
        new(Sessions, "POST", "bad ttl", "v1/graph-analytics/sessions", 400, Seed.SessionBody(ttl: "soon")),
        new(Sessions, "POST", "no content type", "v1/graph-analytics/sessions", 415, Seed.SessionBody(), ContentType: null),
        new("/graph-analytics/sessions/sizing", "POST", "estimate", "v1/graph-analytics/sessions/sizing", 200,
            "{\"node_count\":1000000,\"relationship_count\":5000000,\"node_property_count\":4,\"algorithm_categories\":[\"similarity\"]}"),
        new("/graph-analytics/sessions/sizing", "POST", "unknown category", "v1/graph-analytics/sessions/sizing", 400,
            "{\"node_count\":1,\"relationship_count\":1,\"algorithm_categories\":[\"magic\"]}"),
        new("/graph-analytics/sessions/sizing", "POST", "no content type", "v1/graph-analytics/sessions/sizing", 415, "{}", ContentType: null),
        new(SessionPath, "GET", "existing", "v1/graph-analytics/sessions/{x}", 200, Setup: NewSession),
        new(SessionPath, "GET", "attached, ready", "v1/graph-analytics/sessions/{x}", 200, Setup: ReadySessions),
        new(SessionPath, "GET", "unknown id", "v1/graph-analytics/sessions/s-00000000-0000-0", 404),
        new(SessionPath, "DELETE", "existing", "v1/graph-analytics/sessions/{x}", 202, Setup: NewSession),
        new(SessionPath, "DELETE", "unknown id", "v1/graph-analytics/sessions/s-00000000-0000-0", 404),
    };

    public static IEnumerable<object[]> CaseData() => Cases.Select((c, i) => new object[] { i, c.ToString() });

    [Fact]
    public void DescriptionHasEveryOperationOfAuraV1AndTheTokenEndpoint()
    {
        var operations = SpecSchema.Operations().Select(o => $"{o.Method.Method} {o.Path}").ToList();
        Assert.Equal(27, operations.Count);
        Assert.Contains("POST /oauth/token", operations);
        Assert.Contains("POST /instances/{instanceId}/snapshots/{snapshotId}/restore", operations);
        Assert.Contains("DELETE /graph-analytics/sessions/{sessionId}", operations);
    }

    [Fact]
    public void EveryOperationHasASuccessAndAnErrorCase()
    {
        foreach (var (path, method, operation) in SpecSchema.Operations())
        {
            var cases = Cases.Where(c => c.SpecPath == path && c.Method == method.Method).ToList();
            Assert.True(cases.Any(c => c.Expected < 300), $"No success case for {method} {path} ({operation.OperationId})");
            Assert.True(cases.Any(c => c.Expected >= 400), $"No error case for {method} {path} ({operation.OperationId})");
        }

        foreach (var c in Cases)
        {
            Assert.True(SpecSchema.Operations().Any(o => o.Path == c.SpecPath && o.Method.Method == c.Method), $"{c} is not in the description");
        }
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public async Task OperationAnswersAsDescribed(int index, string description)
    {
        var c = Cases[index];
        Assert.Equal(c.ToString(), description);
        var emu = await fixture.ReadyAsync();
        var (_, _, operation) = SpecSchema.Operations().Single(o => o.Path == c.SpecPath && o.Method.Method == c.Method);
        var url = c.Url;
        if (c.Setup is not null)
        {
            url = url.Replace("{x}", await c.Setup(emu));
        }

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), url);
        if (c.SpecPath == "/oauth/token")
        {
            var secret = c.Auth == Auth.BadClientSecret ? "wrong" : TestEmulator.ClientSecret;
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEmulator.ClientId}:{secret}")));
            request.Content = new StringContent(c.Body ?? "grant_type=client_credentials", Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        else
        {
            await Authorize(emu, request, c.Auth);
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(c.Body));
                if (c.ContentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
                }
            }
        }

        using var response = await emu.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(c.Expected == status, $"{c}: expected {c.Expected}, got {status}: {text}");

        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}/[0-9]+$", requestId);
        Assert.True(fixture.SeenRequestIds.Add(requestId), $"{c}: X-Request-Id {requestId} was already used");

        var declared = operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var r) == true ? r : null;
        Assert.True(declared is not null, $"{c}: the description does not declare status {status} for {operation.OperationId}");
        var schema = declared!.Content?.Values.FirstOrDefault()?.Schema;
        if (schema is null)
        {
            Assert.Equal("", text);
            return;
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var problems = SpecSchema.Validate(schema, JsonNode.Parse(text));
        Assert.True(problems.Count == 0, $"{c}: the body does not match the description:\n{string.Join("\n", problems)}\n{text}");
    }

    private static async Task Authorize(TestEmulator emu, HttpRequestMessage request, Auth auth)
    {
        switch (auth)
        {
            case Auth.Valid:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await emu.TokenAsync(fresh: true));
                break;
            case Auth.Expired:
                var token = await emu.TokenAsync(fresh: true);
                await emu.ControlAsync(HttpMethod.Post, "tokens/expire");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                break;
            case Auth.Garbage:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
                break;
        }
    }

    /// <summary>One emulator for the whole class, reset to the seed before each case.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private TestEmulator? emulator;

        public HashSet<string> SeenRequestIds { get; } = new(StringComparer.Ordinal);

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
