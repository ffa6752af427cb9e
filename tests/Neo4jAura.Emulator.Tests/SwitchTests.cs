using System.Globalization;
using System.Net;

namespace Neo4jAura.Emulator.Tests;

/// <summary>The control switches that make the emulator answer as Aura does in rarer situations.</summary>
public sealed class SwitchTests
{
    [Fact]
    public async Task InstanceLimitAnswers405AndMissingBillingDetails400()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"instance_limit\": 4}");
        using (var fourth = await emu.PostAsync("v1/instances", Seed.CreateBody()))
        {
            Assert.Equal(HttpStatusCode.Accepted, fourth.StatusCode);
        }

        using (var fifth = await emu.PostAsync("v1/instances", Seed.CreateBody()))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, fifth.StatusCode);
            Assert.Equal("instance-limit-reached", Assert.Single(await TestEmulator.ErrorsAsync(fifth)).Reason);
        }

        using (var otherTenant = await emu.PostAsync("v1/instances", Seed.CreateBody("dev", "4GB", "europe-west1", "gcp", "professional-db", Seed.OtherTenant)))
        {
            Assert.Equal(HttpStatusCode.Accepted, otherTenant.StatusCode);
        }

        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"instance_limit\": 0, \"missing_billing_details\": true}");
        using var billing = await emu.PostAsync("v1/instances", Seed.CreateBody());
        Assert.Equal(HttpStatusCode.BadRequest, billing.StatusCode);
        Assert.Equal("missing-billing-details", Assert.Single(await TestEmulator.ErrorsAsync(billing)).Reason);
    }

    [Fact]
    public async Task DeprecationHeaderIsSentOnEveryV1AnswerOnceSet()
    {
        await using var emu = await TestEmulator.StartAsync();
        var settings = await emu.ControlAsync(HttpMethod.Post, "settings", "{\"api_expires\": \"2026-03-01\"}");
        Assert.Equal("Sun, 01 Mar 2026 00:00:00 UTC", (string?)settings!["api_expires"]);
        using (var ok = await emu.GetAsync("v1/tenants"))
        using (var missing = await emu.GetAsync("v1/instances/ffffffff"))
        {
            Assert.Equal("Sun, 01 Mar 2026 00:00:00 UTC", Assert.Single(ok.Headers.GetValues("X-Tyk-Api-Expires")));
            Assert.Equal("Sun, 01 Mar 2026 00:00:00 UTC", Assert.Single(missing.Headers.GetValues("X-Tyk-Api-Expires")));
        }

        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"api_expires\": null}");
        using var cleared = await emu.GetAsync("v1/tenants");
        Assert.False(cleared.Headers.Contains("X-Tyk-Api-Expires"));
    }

    [Fact]
    public async Task RedirectFaultAnswers308WithALocationAndNoBody()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/v1/tenants\",\"kind\":\"redirect\",\"location\":\"https://api.neo4j.io/v1/tenants\"}");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = emu.Server.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/tenants");
        request.Headers.Authorization = new("Bearer", await emu.TokenAsync());
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://api.neo4j.io/v1/tenants", response.Headers.Location?.ToString());
        Assert.Equal("", await response.Content.ReadAsStringAsync());

        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/v1/tenants\",\"kind\":\"redirect\"}");
        using var same = new HttpRequestMessage(HttpMethod.Get, "v1/tenants?x=1");
        same.Headers.Authorization = new("Bearer", await emu.TokenAsync());
        using var relative = await http.SendAsync(same);
        Assert.Equal("/v1/tenants?x=1", relative.Headers.Location?.ToString());
    }

    [Fact]
    public async Task RetryAfterCanBeAnHttpDate()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RateLimitPerMinute = 1);
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"retry_after_format\": \"http-date\"}");
        using (await emu.GetAsync("v1/tenants"))
        {
        }

        using var limited = await emu.GetAsync("v1/tenants");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var date = DateTimeOffset.ParseExact(Assert.Single(limited.Headers.GetValues("Retry-After")), "r", CultureInfo.InvariantCulture);
        Assert.Equal(TestEmulator.Start.AddSeconds(60), date);
        Assert.Equal(TestEmulator.Start, limited.Headers.Date);
        Assert.Equal("API rate limit exceeded", (string?)(await TestEmulator.JsonAsync(limited))["error"]);
    }

    [Theory]
    [InlineData(503, null, "{\"error\"")]
    [InlineData(503, "error", "{\"errors\"")]
    [InlineData(500, null, "{\"errors\"")]
    [InlineData(500, "middleware", "{\"error\"")]
    [InlineData(420, null, "{\"errors\"")]
    public async Task InjectedFaultsTakeEitherShape(int status, string? shape, string start)
    {
        await using var emu = await TestEmulator.StartAsync();
        var shapeField = shape is null ? "" : $",\"shape\":\"{shape}\"";
        await emu.ControlAsync(HttpMethod.Post, "faults", $"{{\"path\":\"/v1/tenants\",\"kind\":\"status\",\"status\":{status}{shapeField}}}");
        using var response = await emu.GetAsync("v1/tenants");
        Assert.Equal(status, (int)response.StatusCode);
        Assert.StartsWith(start, await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }
}
