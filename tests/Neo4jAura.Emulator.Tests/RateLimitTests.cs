using System.Net;
using Neo4jAura.Emulator.Pipeline;

namespace Neo4jAura.Emulator.Tests;

public sealed class RateLimitTests
{
    private static async Task<HttpStatusCode> StatusOf(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return response.StatusCode;
    }

    private static string? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null;

    [Fact]
    public async Task OverTheLimitIs429WithRetryAfterUntilASlotFrees()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RateLimitPerMinute = 5);
        await emu.TokenAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
        }

        using (var limited = await emu.GetAsync("v1/tenants"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("60", RetryAfter(limited));
            Assert.Equal("API rate limit exceeded", (string?)(await TestEmulator.JsonAsync(limited))["error"]);
        }

        emu.Advance(30);
        using (var still = await emu.GetAsync("v1/tenants"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, still.StatusCode);
            Assert.Equal("30", RetryAfter(still));
        }

        emu.Advance(29.5);
        using (var almost = await emu.GetAsync("v1/tenants"))
        {
            Assert.Equal("1", RetryAfter(almost));
        }

        emu.Advance(0.5);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
    }

    [Fact]
    public async Task TheWindowSlidesRequestByRequest()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RateLimitPerMinute = 3);
        await emu.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));   // t=0
        emu.Advance(20);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));   // t=20
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));   // t=20
        emu.Advance(10);
        using (var limited = await emu.GetAsync("v1/tenants"))                          // t=30
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("30", RetryAfter(limited));
        }

        emu.Advance(30);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));   // t=60: the t=0 one left
        using var next = await emu.GetAsync("v1/tenants");
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Equal("20", RetryAfter(next));                                           // the t=20 ones leave at 80
    }

    [Fact]
    public async Task DefaultLimitIs125RequestsAMinute()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RateLimitPerMinute = new EmulatorOptions().RateLimitPerMinute);
        await emu.TokenAsync();
        for (var i = 0; i < 125; i++)
        {
            emu.Advance(0.1);
            var status = await StatusOf(i % 2 == 0 ? emu.GetAsync("v1/instances") : emu.GetAsync("v1/instances/ffffffff"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, status);
        }

        using var limited = await emu.GetAsync("v1/instances");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("48", RetryAfter(limited)); // the first request (t=0.1) leaves the window at t=60.1; now t=12.5

        // Neither token nor control requests count, and another client has its own window.
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret)));
        await emu.ControlAsync(HttpMethod.Get, "state");
    }

    [Fact]
    public async Task EachClientHasItsOwnWindow()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.RateLimitPerMinute = 2;
            o.AdditionalClients["other"] = "other-secret";
        });
        await emu.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOf(emu.GetAsync("v1/tenants")));

        using var tokenResponse = await emu.RequestTokenAsync("other", "other-secret");
        var otherToken = (string)(await TestEmulator.JsonAsync(tokenResponse))["access_token"]!;
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants", otherToken)));
    }

    [Fact]
    public async Task RateLimitSettingAndResetApply()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RateLimitPerMinute = 1);
        await emu.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOf(emu.GetAsync("v1/tenants")));
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"rate_limit_per_minute\": 2}");
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOf(emu.GetAsync("v1/tenants")));
        await emu.ControlAsync(HttpMethod.Post, "reset");
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.GetAsync("v1/tenants")));
    }

    [Fact]
    public async Task TokenEndpointAllowsFifteenAnHourByDefault()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLimitPerHour = new EmulatorOptions().TokenLimitPerHour);
        for (var i = 0; i < 15; i++)
        {
            emu.Advance(60);
            Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret)));
        }

        using (var limited = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("2760", RetryAfter(limited)); // the first (t=60) leaves the hour at t=3660; now t=900
        }
    }

    [Fact]
    public async Task TokenLimitRetryAfterCountsToTheOldestRequest()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLimitPerHour = 2);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret)));
        emu.Advance(600);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret)));
        using (var limited = await emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("3000", RetryAfter(limited));
        }

        // Bad credentials are refused with 401 before the limit is looked at.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, "wrong")));
        emu.Advance(3000);
        Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret)));
    }

    [Fact]
    public async Task TokenLimitZeroIsOff()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.TokenLimitPerHour = 0);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusOf(emu.RequestTokenAsync(TestEmulator.ClientId, TestEmulator.ClientSecret)));
        }
    }

    [Fact]
    public async Task ConcurrentRequestsNeverExceedTheLimit()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RateLimitPerMinute = 10);
        await emu.TokenAsync();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => StatusOf(emu.GetAsync("v1/tenants"))));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public void LimiterRefusedRequestsAreNotCounted()
    {
        var limiter = new SlidingWindowRateLimiter(TimeSpan.FromSeconds(60));
        var t0 = DateTimeOffset.UnixEpoch;
        Assert.True(limiter.TryAcquire("c", 1, t0, out _));
        for (var i = 0; i < 10; i++)
        {
            Assert.False(limiter.TryAcquire("c", 1, t0.AddSeconds(i), out var retry));
            Assert.Equal(60 - i, retry);
        }

        Assert.True(limiter.TryAcquire("c", 1, t0.AddSeconds(60), out _));
        Assert.Equal(1, limiter.Count("c", t0.AddSeconds(60)));
    }
}
