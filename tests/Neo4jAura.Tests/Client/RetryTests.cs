using System;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

public class RetryTests
{
    private static readonly string OneInstance = "{\"data\":" + FakeAura.InstanceJson("a1b2c3d4") + "}";

    /// <summary>Advances the clock to just before <paramref name="delay"/> ends (nothing may be sent), then past it (the retry goes out).</summary>
    private static async Task ExpectRetryAfter(Harness h, TimeSpan delay, int apiCountBefore)
    {
        await Harness.Settle();
        h.Time.Advance(delay - TimeSpan.FromMilliseconds(1));
        await Harness.Settle();
        Assert.Equal(apiCountBefore, h.Fake.ApiCount);
        h.Time.Advance(TimeSpan.FromMilliseconds(2));
        await Harness.Eventually(() => h.Fake.ApiCount == apiCountBefore + 1, $"retry {apiCountBefore + 1}");
    }

    [Fact]
    public async Task Get_is_retried_on_500_503_429_and_a_drop_with_exponential_delays()
    {
        using var h = new Harness(o => o.Jitter = () => 0.5); // jitter factor exactly 1.0
        h.Fake.Enqueue(FakeAura.Answer(500), FakeAura.Answer(503), FakeAura.Answer(429), FakeAura.Drop(), FakeAura.Answer(200, OneInstance));
        var sink = new ListSink();
        AuraTrace.Current = sink;
        var task = h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        AuraTrace.Current = null;
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "first attempt");
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(1), 1);
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(2), 2);
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(4), 3);
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(8), 4);
        var instance = await task;
        Assert.Equal("a1b2c3d4", instance.Id);
        Assert.Equal(5, h.Fake.ApiCount);
        Assert.Contains(sink.VerboseLines, l => l.Contains("GET /instances/a1b2c3d4: trying again (attempt 2 of 6, waiting 1 s: 500 Internal Server Error)"));
        Assert.Contains(sink.VerboseLines, l => l.Contains("(attempt 5 of 6, waiting 8 s: connection lost)"));
        Assert.Contains(sink.VerboseLines, l => l.StartsWith("GET /instances/a1b2c3d4 -> 503 Service Unavailable in "));
    }

    [Theory]
    [InlineData(0.0, 0.8)]
    [InlineData(1.0, 1.2)]
    public void Backoff_jitter_stays_within_20_percent_and_the_cap(double jitter, double factor)
    {
        using var h = new Harness(o => o.Jitter = () => jitter);
        Assert.Equal(TimeSpan.FromSeconds(1 * factor), h.Client.Transport.ComputeDelay(0, null));
        Assert.Equal(TimeSpan.FromSeconds(4 * factor), h.Client.Transport.ComputeDelay(2, null));
        Assert.True(h.Client.Transport.ComputeDelay(10, null) <= TimeSpan.FromSeconds(30));
        Assert.True(h.Client.Transport.ComputeDelay(10, null) >= TimeSpan.FromSeconds(24));
        Assert.Equal(TimeSpan.FromSeconds(3) + TimeSpan.FromMilliseconds(250 * jitter), h.Client.Transport.ComputeDelay(0, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Retry_after_seconds_is_honoured_exactly()
    {
        using var h = new Harness(o => o.Jitter = () => 0.0);
        h.Fake.Enqueue(FakeAura.Answer(429, "{}", retryAfterSeconds: 7), FakeAura.Answer(200, OneInstance));
        var task = h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "first attempt");
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(7), 1);
        await task;
    }

    [Fact]
    public async Task Retry_after_http_date_is_honoured()
    {
        using var h = new Harness(o => o.Jitter = () => 0.0);
        var at = h.Time.GetUtcNow().AddSeconds(12);
        h.Fake.Enqueue((_, _) => Task.FromResult(FakeAura.Json(503, "{}", r => r.Headers.RetryAfter = new RetryConditionHeaderValue(at))),
            FakeAura.Answer(200, OneInstance));
        var task = h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "first attempt");
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(12), 1);
        await task;
    }

    [Fact]
    public async Task Get_gives_up_after_MaxRetries_with_the_last_failure()
    {
        using var h = new Harness(o => o.MaxRetries = 2);
        h.Fake.DefaultApi = FakeAura.Answer(503);
        var task = h.Client.Instances.ListAsync(null, CancellationToken.None);
        await h.PumpUntil(task.ContinueWith(_ => { }));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => task);
        Assert.Equal("AuraServerError", ex.ErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, ex.Category);
        Assert.Equal(503, ex.StatusCode);
        Assert.False(ex.OperationMayHaveHappened);
        Assert.Contains("Aura API answered 503 Service Unavailable to GET /instances", ex.Message);
        Assert.Contains("3 attempts", ex.Message);
        Assert.Equal(3, h.Fake.ApiCount);
    }

    [Fact]
    public async Task Get_is_retried_after_a_per_attempt_timeout()
    {
        using var h = new Harness(o => o.RequestTimeout = TimeSpan.FromSeconds(10));
        h.Fake.Enqueue(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return FakeAura.Json(200, "{}"); }, FakeAura.Answer(200, OneInstance));
        var task = h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "first attempt");
        await Harness.Settle();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(1), 1);
        Assert.Equal("a1b2c3d4", (await task).Id);
    }

    /// <summary>
    /// Lets fake time run on for five minutes after the first request (any retry would go out then), then expects the
    /// call to have failed; a call still waiting fails the test instead of hanging it.
    /// </summary>
    private static async Task<AuraApiException> FailsSoon(Harness h, Task task)
    {
        await Harness.Eventually(() => h.Fake.ApiCount >= 1, "the first request");
        for (var i = 0; i < 10; i++)
        {
            await Harness.Settle();
            h.Time.Advance(TimeSpan.FromSeconds(30));
        }
        await Harness.Settle();
        return await Assert.ThrowsAsync<AuraApiException>(() => task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    public static TheoryData<string> UnsafeMethods => new() { "POST", "PATCH", "DELETE" };

    private static Task Call(AuraClient client, string method) => method switch
    {
        "POST" => client.Instances.PauseAsync("a1b2c3d4", CancellationToken.None),
        "PATCH" => client.Instances.UpdateAsync("a1b2c3d4", new UpdateInstanceRequest { Name = "renamed" }, CancellationToken.None),
        _ => client.Instances.DeleteAsync("a1b2c3d4", CancellationToken.None),
    };

    [Theory]
    [MemberData(nameof(UnsafeMethods))]
    public async Task Unsafe_methods_are_not_resent_after_a_500(string method)
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(500));
        var ex = await FailsSoon(h, Call(h.Client, method));
        var only = Assert.Single(h.Fake.ApiRequests);
        Assert.Equal(method, only.Method);
        Assert.True(ex.OperationMayHaveHappened);
        Assert.Equal("AuraServerError", ex.ErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, ex.Category);
        Assert.Contains("The request may or may not have been carried out; check with Get-AuraInstance before trying again", ex.Message);
    }

    [Theory]
    [MemberData(nameof(UnsafeMethods))]
    public async Task Unsafe_methods_are_not_resent_after_a_dropped_connection(string method)
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Drop());
        var ex = await FailsSoon(h, Call(h.Client, method));
        Assert.Single(h.Fake.ApiRequests);
        Assert.True(ex.OperationMayHaveHappened);
        Assert.Equal("AuraConnectionLost", ex.ErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, ex.Category);
        Assert.Contains("may or may not have been carried out", ex.Message);
        Assert.IsAssignableFrom<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task A_certificate_failure_is_not_retried_even_for_a_GET()
    {
        using var h = new Harness();
        h.Fake.Enqueue((_, _) => throw new HttpRequestException("The SSL connection could not be established.",
            new System.Security.Authentication.AuthenticationException("The remote certificate is invalid.")));
        var ex = await FailsSoon(h, h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None));
        Assert.Single(h.Fake.ApiRequests);
        Assert.Equal("AuraConnectionLost", ex.ErrorId);
    }

    [Fact]
    public async Task Post_timeout_is_not_resent_and_says_it_may_have_happened()
    {
        using var h = new Harness(o => o.RequestTimeout = TimeSpan.FromSeconds(30));
        h.Fake.Enqueue(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return FakeAura.Json(200, "{}"); });
        var task = h.Client.Instances.ResumeAsync("a1b2c3d4", CancellationToken.None);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "the POST");
        await Harness.Settle();
        h.Time.Advance(TimeSpan.FromSeconds(30));
        var ex = await FailsSoon(h, task);
        Assert.Equal("AuraRequestTimeout", ex.ErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, ex.Category);
        Assert.True(ex.OperationMayHaveHappened);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await Harness.Settle();
        Assert.Equal(1, h.Fake.ApiCount);
    }

    [Fact]
    public async Task Post_is_retried_after_429_honouring_retry_after()
    {
        using var h = new Harness(o => o.Jitter = () => 0.0);
        h.Fake.Enqueue(FakeAura.Answer(429, "{}", retryAfterSeconds: 5), FakeAura.Answer(200, OneInstance));
        var task = h.Client.Instances.PauseAsync("a1b2c3d4", CancellationToken.None);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "first attempt");
        await ExpectRetryAfter(h, TimeSpan.FromSeconds(5), 1);
        await task;
        Assert.All(h.Fake.ApiRequests, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task Post_429s_exhausted_become_AuraRateLimited()
    {
        using var h = new Harness(o => o.MaxRetries = 1);
        h.Fake.DefaultApi = FakeAura.Answer(429, "{}", retryAfterSeconds: 2);
        var task = h.Client.Snapshots.CreateAsync("a1b2c3d4", CancellationToken.None);
        await h.PumpUntil(task.ContinueWith(_ => { }));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => task);
        Assert.Equal("AuraRateLimited", ex.ErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, ex.Category);
        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
        Assert.False(ex.OperationMayHaveHappened);
        Assert.Equal(2, h.Fake.ApiCount);
    }

    [Fact]
    public async Task A_retry_after_beyond_five_minutes_is_reported_not_waited_for()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(429, "{}", retryAfterSeconds: 3600));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.Instances.ListAsync(null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("AuraRateLimited", ex.ErrorId);
        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Equal(1, h.Fake.ApiCount);
    }

    [Fact]
    public async Task Every_non_get_request_asks_for_connection_close_and_gets_do_not()
    {
        using var h = new Harness();
        h.Fake.DefaultApi = FakeAura.Answer(200, OneInstance);
        await h.Client.Instances.GetAsync("a1b2c3d4", CancellationToken.None);
        await h.Client.Instances.PauseAsync("a1b2c3d4", CancellationToken.None);
        await h.Client.Instances.UpdateAsync("a1b2c3d4", new UpdateInstanceRequest { Memory = "16GB" }, CancellationToken.None);
        await h.Client.Instances.DeleteAsync("a1b2c3d4", CancellationToken.None);
        await h.Client.SendRawAsync(new HttpMethod("PUT"), "/instances/a1b2c3d4", "{}", CancellationToken.None);
        await h.Client.SendRawAsync(HttpMethod.Get, "/instances/a1b2c3d4", null, CancellationToken.None);
        var requests = h.Fake.Requests;
        Assert.All(requests.Where(r => r.Method != "GET"), r => Assert.True(r.ConnectionClose, r.Method + " " + r.PathAndQuery));
        Assert.All(requests.Where(r => r.Method == "GET"), r => Assert.False(r.ConnectionClose));
        Assert.Equal(new[] { "POST", "GET", "POST", "PATCH", "DELETE", "PUT", "GET" }, requests.Select(r => r.Method));
        Assert.Equal("{\"memory\":\"16GB\"}", h.Fake.ApiRequests[2].Body);
    }

    [Fact]
    public async Task Raw_put_is_not_retried_on_503_but_raw_get_is()
    {
        using var h = new Harness(o => o.MaxRetries = 1);
        h.Fake.Enqueue(FakeAura.Answer(503));
        var ex = await Assert.ThrowsAsync<AuraApiException>(() => h.Client.SendRawAsync(new HttpMethod("PUT"), "/x", "{}", CancellationToken.None));
        Assert.True(ex.OperationMayHaveHappened);
        Assert.Equal(1, h.Fake.ApiCount);

        h.Fake.Enqueue(FakeAura.Answer(503), FakeAura.Answer(200, "{\"data\":{\"a\":1}}"));
        var task = h.Client.SendRawAsync(HttpMethod.Get, "/x?y=1", null, CancellationToken.None);
        await h.PumpUntil(task);
        var raw = await task;
        Assert.Equal(200, raw.StatusCode);
        Assert.Equal("application/json", raw.ContentType);
        Assert.Equal("{\"data\":{\"a\":1}}", raw.Body);
        Assert.Equal("/v1/x?y=1", h.Fake.ApiRequests.Last().PathAndQuery);
    }
}
