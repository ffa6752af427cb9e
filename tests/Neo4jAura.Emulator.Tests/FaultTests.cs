using System.Net;
using Neo4jAura.Emulator.Control;

namespace Neo4jAura.Emulator.Tests;

public sealed class FaultTests
{
    private static string? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;

    [Fact]
    public async Task StatusFaultAnswersTheNextNMatchingRequests()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"method\":\"GET\",\"path\":\"/v1/instances\",\"count\":2,\"kind\":\"status\",\"status\":503}");
        using (var first = await emu.GetAsync("v1/instances"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.NotNull((string?)(await TestEmulator.JsonAsync(first))["error"]); // the gateway's shape
        }

        var remaining = (await emu.ControlAsync(HttpMethod.Get, "faults"))!.AsArray();
        Assert.Equal(1, (int)Assert.Single(remaining)!["count"]!);

        using (var other = await emu.GetAsync("v1/tenants"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using (var second = await emu.GetAsync("v1/instances"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        }

        using var third = await emu.GetAsync("v1/instances");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Empty((await emu.ControlAsync(HttpMethod.Get, "faults"))!.AsArray());
    }

    [Fact]
    public async Task Status429FaultCarriesRetryAfter()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"kind\":\"status\",\"status\":429,\"retry_after_seconds\":7,\"path\":\"/v1/**\"}");
        using var response = await emu.PostAsync($"v1/instances/{Seed.Running}/pause");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("7", RetryAfter(response));
        Assert.Equal("running", await emu.StatusAsync(Seed.Running)); // refused before doing anything
    }

    [Fact]
    public async Task Status500FaultMatchesMethodAndSegmentGlob()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"method\":\"GET\",\"path\":\"/v1/instances/*\",\"count\":5,\"kind\":\"status\",\"status\":500}");
        using (var collection = await emu.GetAsync("v1/instances"))
        {
            Assert.Equal(HttpStatusCode.OK, collection.StatusCode);
        }

        using (var deeper = await emu.GetAsync($"v1/instances/{Seed.Running}/snapshots"))
        {
            Assert.Equal(HttpStatusCode.OK, deeper.StatusCode);
        }

        using (var post = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots"))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        using var item = await emu.GetAsync($"v1/instances/{Seed.Running}");
        Assert.Equal(HttpStatusCode.InternalServerError, item.StatusCode);
        Assert.Equal("injected-fault", Assert.Single(await TestEmulator.ErrorsAsync(item)).Reason);
    }

    [Fact]
    public async Task FaultsCanHitTheTokenEndpoint()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/oauth/token\",\"kind\":\"status\",\"status\":503}");
        using var response = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task SlowFaultDelaysTheAnswerAndCanBeGivenUpOn()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/v1/tenants\",\"kind\":\"slow\",\"delay_ms\":30000}");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/tenants");
        request.Headers.Authorization = new("Bearer", await emu.TokenAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emu.Http.SendAsync(request, cts.Token));

        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/v1/tenants\",\"kind\":\"slow\",\"delay_ms\":50}");
        using var slowButFine = await emu.GetAsync("v1/tenants");
        Assert.Equal(HttpStatusCode.OK, slowButFine.StatusCode);
    }

    [Fact]
    public async Task DropBeforeResponseFailsTheRequestAndDoesNothing()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.TokenAsync();
        var before = emu.Store.ListInstances().Count;
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"method\":\"POST\",\"path\":\"/v1/instances\",\"kind\":\"drop\",\"drop_stage\":\"before-response\"}");
        await Assert.ThrowsAsync<HttpRequestException>(() => emu.PostAsync("v1/instances", Seed.CreateBody()));
        Assert.Equal(before, emu.Store.ListInstances().Count);

        using var next = await emu.PostAsync("v1/instances", Seed.CreateBody());
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    [Fact]
    public async Task DropMidBodySendsHeadersThenCutsTheBodyAfterTheOperationHappened()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"method\":\"POST\",\"path\":\"/v1/instances/*/pause\",\"kind\":\"drop\",\"drop_stage\":\"mid-body\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/instances/{Seed.Running}/pause")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await emu.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var error = await Record.ExceptionAsync(() => response.Content.ReadAsStringAsync());
        Assert.True(error is HttpRequestException or IOException, $"Expected a transport error, got {error?.GetType().Name ?? "none"}");
        Assert.Equal("pausing", await emu.StatusAsync(Seed.Running));
    }

    [Fact]
    public async Task DropMidBodyFailsABufferedRequest()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.TokenAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/v1/**\",\"kind\":\"drop\",\"drop_stage\":\"mid-body\"}");
        var error = await Record.ExceptionAsync(() => emu.GetAsync("v1/instances"));
        Assert.True(error is HttpRequestException or IOException, $"Expected a transport error, got {error?.GetType().Name ?? "none"}");
    }

    [Theory]
    [InlineData("{\"path\":\"/v1/**\"}")]
    [InlineData("{\"kind\":\"explode\"}")]
    [InlineData("{\"kind\":\"status\",\"status\":200}")]
    [InlineData("{\"kind\":\"drop\",\"drop_stage\":\"after\"}")]
    [InlineData("{\"kind\":\"status\",\"count\":0}")]
    [InlineData("{\"kind\":\"slow\",\"delay_ms\":\"long\"}")]
    [InlineData("{\"kind\":\"slow\",\"delay_ms\":100000000}")]
    [InlineData("{\"kind\":\"status\",\"shape\":\"html\"}")]
    [InlineData("{\"kind\":\"redirect\",\"location\":\"http://x/\\r\\nSet-Cookie: a=b\"}")]
    public async Task BadFaultsAre400(string body)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.Http.PostAsync("_emulator/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await TestEmulator.ErrorsAsync(response));
    }

    [Fact]
    public async Task FaultsNeverHitTheControlApiAndCanBeCleared()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "faults", "{\"path\":\"/**\",\"kind\":\"status\",\"status\":500,\"count\":100}");
        await emu.ControlAsync(HttpMethod.Get, "state");
        await emu.ControlAsync(HttpMethod.Delete, "faults");
        using var response = await emu.GetAsync("v1/tenants");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/instances/*", "/v1/instances/a1b2c3d4", true)]
    [InlineData("/v1/instances/*", "/v1/instances", false)]
    [InlineData("/v1/instances/*", "/v1/instances/a1b2c3d4/pause", false)]
    [InlineData("/v1/instances/**", "/v1/instances/a1b2c3d4/snapshots/x", true)]
    [InlineData("/v1/instances/*/snapshots", "/v1/instances/a1b2c3d4/snapshots", true)]
    [InlineData("/**", "/oauth/token", true)]
    [InlineData("/v1/instances", "/v1beta3/instances", false)]
    public void GlobMatchesWithinAndAcrossSegments(string glob, string path, bool matches) =>
        Assert.Equal(matches, FaultInjector.GlobToRegex(glob).IsMatch(path));
}
