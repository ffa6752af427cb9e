using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Neo4jAura.Emulator.Control;

namespace Neo4jAura.Emulator.Tests;

/// <summary>The security and reliability findings on the emulator, each shown fixed.</summary>
public sealed class HardeningTests
{
    [Fact]
    public void APathologicalGlobIsMatchedInLinearTime()
    {
        var glob = "/" + string.Concat(Enumerable.Repeat("**a", 80)) + "b";
        Assert.True(glob.Length <= 256);
        var matcher = FaultInjector.GlobToRegex(glob);
        var path = "/" + new string('a', 8000);
        var watch = Stopwatch.StartNew();
        Assert.DoesNotMatch(matcher, path);
        // A backtracking matcher takes longer than the age of the universe here; a linear one microseconds. The bound
        // only has to tell those apart, with room for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"matching took {watch.Elapsed}");
        Assert.Throws<ArgumentException>(() => FaultInjector.GlobToRegex("/" + new string('*', 300)));
    }

    [Fact]
    public async Task APathologicalRuleDoesNotHoldUpTheApiOrTheTokenEndpoint()
    {
        await using var emu = await TestEmulator.StartAsync();
        var glob = "/" + string.Concat(Enumerable.Repeat("**a", 80)) + "b";
        await emu.ControlAsync(HttpMethod.Post, "faults", $"{{\"path\":\"{glob}\",\"kind\":\"status\"}}");
        var watch = Stopwatch.StartNew();
        using var token = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret);
        using var response = await emu.GetAsync("v1/instances/" + new string('a', 4000));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}"); // a hang, not a speed, is what this catches

        using var tooLong = await emu.Http.PostAsync("_emulator/faults",
            new StringContent($"{{\"path\":\"/{new string('a', 300)}\",\"kind\":\"status\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413AndInvalidUtf8Is400()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var large = await emu.PostAsync("v1/instances", "{\"name\":\"" + new string('x', 2_000_000) + "\"}"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
            Assert.Equal("request-body-too-large", Assert.Single(await TestEmulator.ErrorsAsync(large)).Reason);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/instances")
        {
            Content = new ByteArrayContent(new byte[] { (byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}' }),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await emu.TokenAsync());
        using var invalid = await emu.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("invalid-encoding", Assert.Single(await TestEmulator.ErrorsAsync(invalid)).Reason);

        using var control = await emu.Http.PostAsync("_emulator/settings", new StringContent(new string(' ', 1_100_000), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, control.StatusCode);
    }

    [Theory]
    [InlineData("{\"transition_seconds\": 1e300}")]
    [InlineData("{\"snapshot_seconds\": 86401}")]
    [InlineData("{\"creation_seconds\": -1}")]
    [InlineData("{\"token_lifetime_seconds\": 1e300}")]
    [InlineData("{\"rate_limit_per_minute\": 1e12}")]
    [InlineData("{\"fail_next_clones\": 0.5}")]
    [InlineData("{\"retry_after_format\": \"minutes\"}")]
    [InlineData("{\"api_expires\": \"someday\"}")]
    [InlineData("{\"no_such_setting\": 1}")]
    public async Task SettingsAreBoundedAndAPauseStillWorksAfterABadOne(string body)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("_emulator/settings", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var pause = await emu.PostAsync($"v1/instances/{Seed.Running}/pause");
        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
    }

    [Fact]
    public async Task TheClockMovesOnlyForwardAndWithinAYear()
    {
        await using var emu = await TestEmulator.StartAsync();
        foreach (var body in new[] { "{\"advance_seconds\": -1}", "{\"advance_seconds\": 1e300}", "{}" })
        {
            using var response = await emu.Http.PostAsync("_emulator/clock", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task ControlRequestsNeedALoopbackHostAndNoOriginAndJsonBodies()
    {
        await using var emu = await TestEmulator.StartAsync();
        async Task<HttpStatusCode> Post(string path, Action<HttpRequestMessage> tweak)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "_emulator/" + path);
            tweak(request);
            using var response = await emu.Http.SendAsync(request);
            Assert.True(response.Headers.Contains("X-Request-Id"));
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await Post("reset", r => r.Headers.Host = "attacker.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post("reset", r => r.Headers.Add("Origin", "http://127.0.0.1:9999")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("settings", r => r.Content = new StringContent("{\"instance_limit\":1}", Encoding.UTF8, "text/plain")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post("reset", r => r.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"))));
        Assert.Equal(0, emu.Store.Settings.InstanceLimit);
        Assert.Equal(HttpStatusCode.OK, await Post("reset", r => r.Headers.Host = "localhost"));
        Assert.Equal(HttpStatusCode.OK, await Post("tokens/expire", _ => { }));
        Assert.Equal(HttpStatusCode.OK, await Post("tokens/revoke", r => r.Content = new StringContent("", Encoding.UTF8, "application/x-www-form-urlencoded")));
        Assert.Equal(HttpStatusCode.OK, await Post("reset", r => r.Content = new StringContent("{}", Encoding.UTF8, "application/json")));
    }

    [Fact]
    public async Task WithAControlTokenTheTokenIsRequiredAndTheHostMayBeAnyName()
    {
        const string controlToken = "control-token-0123456789";
        await using var emu = await TestEmulator.StartAsync(o => o.ControlToken = controlToken);
        Assert.Equal(controlToken, emu.Server.ControlToken);
        using var without = await emu.Http.GetAsync("_emulator/state");
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "_emulator/state");
        wrong.Headers.Add(ControlAccess.TokenHeader, "control-token-0123456788");
        Assert.Equal(HttpStatusCode.Forbidden, (await emu.Http.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "_emulator/state");
        right.Headers.Add(ControlAccess.TokenHeader, controlToken);
        right.Headers.Host = "aura-emulator";
        Assert.Equal(HttpStatusCode.OK, (await emu.Http.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task ListeningBeyondLoopbackAlwaysHasAControlToken()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Urls = "http://0.0.0.0:0" });
        Assert.False(string.IsNullOrEmpty(server.ControlToken));
        Assert.Contains("  Control token: " + server.ControlToken, EmulatorCommandLine.Banner(server));
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("_emulator/state")).StatusCode);
        Assert.True(ControlAccess.IsLoopbackOnly("http://127.0.0.1:1;http://localhost:2;http://[::1]:3"));
        Assert.False(ControlAccess.IsLoopbackOnly("http://127.0.0.1:1;http://*:2"));
    }

    [Fact]
    public async Task OutOfRangeOptionsAreRefusedInProcessToo()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EmulatorServer.StartAsync(new EmulatorOptions { TransitionTime = TimeSpan.FromDays(2) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EmulatorServer.StartAsync(new EmulatorOptions { RateLimitPerMinute = -1 }));
    }
}
