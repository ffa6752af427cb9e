using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Neo4jAura.Emulator.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task TokenRequestReturnsBearerTokenWithLifetime()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLifetime = TimeSpan.FromSeconds(120));
        using var response = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestEmulator.JsonAsync(response);
        Assert.Equal("bearer", (string?)body["token_type"]);
        Assert.Equal(120, (int)body["expires_in"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["access_token"]));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData(TestEmulator.ClientId, "wrong-secret")]
    [InlineData("unknown-client", TestEmulator.ClientSecret)]
    public async Task BadCredentialsAre401WithAnErrorBody(string id, string secret)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RequestTokenAsync(id, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await TestEmulator.JsonAsync(response);
        Assert.Equal("invalid_client", (string?)body["error"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error_description"]));
        Assert.Null(body["errors"]);
        Assert.DoesNotContain(secret, body.ToJsonString());
    }

    [Fact]
    public async Task MissingBasicAuthIs401()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("oauth/token",
            new StringContent("grant_type=client_credentials", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("grant_type=password", "unsupported_grant_type")]
    [InlineData("scope=x", "invalid_request")]
    public async Task WrongGrantTypeIs400(string form, string error)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret, form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await TestEmulator.JsonAsync(response);
        Assert.Equal(error, (string?)body["error"]);
        Assert.Contains("grant_type", (string?)body["error_description"]);
    }

    [Fact]
    public async Task JsonBodyInsteadOfFormIs400()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEmulator.ClientId}:{TestEmulator.ClientSecret}")));
        using var response = await emu.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("v1/oauth/token")]
    [InlineData("v1beta3/oauth/token")]
    public async Task TokenEndpointIsUnversioned(string path)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret, path: path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task FormClientCredentialsWorkToo()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("oauth/token", new StringContent(
            $"grant_type=client_credentials&client_id={TestEmulator.ClientId}&client_secret={TestEmulator.ClientSecret}",
            Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task ApiWithoutOrWithGarbageTokenIs401()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var none = await emu.GetAsync("v1/instances", bearer: "");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Authorization field missing", (string?)(await TestEmulator.JsonAsync(none))["error"]);
        using var garbage = await emu.GetAsync("v1/instances", bearer: "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Fact]
    public async Task TokenExpiresAfterItsLifetimeWith403()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLifetime = TimeSpan.FromSeconds(60));
        var token = await emu.TokenAsync();
        emu.Advance(59);
        using (var ok = await emu.GetAsync("v1/instances", token))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        emu.Advance(1);
        using var expired = await emu.GetAsync("v1/instances", token);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal("Key has expired, please renew", (string?)(await TestEmulator.JsonAsync(expired))["error"]);

        using var fresh = await emu.GetAsync("v1/instances", await emu.TokenAsync(fresh: true));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task TokenLifetimeSettingAppliesToNewTokens()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"token_lifetime_seconds\": 5}");
        using var response = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret);
        Assert.Equal(5, (int)(await TestEmulator.JsonAsync(response))["expires_in"]!);
    }

    [Fact]
    public async Task ControlExpireMakesEveryTokenAnswer403()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "tokens/expire");
        using var response = await emu.GetAsync("v1/tenants", token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ControlRevokeMakesEveryTokenAnswer401()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "tokens/revoke");
        using var response = await emu.GetAsync("v1/tenants", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AdditionalClientGetsItsOwnTokens()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.AdditionalClients["second"] = "second-secret");
        using var response = await emu.RequestTokenAsync("second", "second-secret");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
