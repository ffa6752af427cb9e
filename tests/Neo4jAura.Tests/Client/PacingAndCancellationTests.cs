using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Xunit;

namespace Neo4jAura.Tests.Client;

public class PacingAndCancellationTests
{
    [Fact]
    public async Task Three_hundred_requests_at_once_never_exceed_120_in_any_60_seconds()
    {
        using var h = new Harness(o => o.RequestsPerMinute = 120);
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        var start = h.Time.GetUtcNow();

        var tasks = Enumerable.Range(0, 300).Select(_ => Task.Run(() => h.Client.Instances.ListAsync(null, CancellationToken.None))).ToArray();
        // The minute's budget goes out at once, with no time passing; the rest waits.
        await Harness.Eventually(() => h.Fake.ApiCount == 120, "the minute's budget of 120");
        await Harness.Settle();
        Assert.Equal(120, h.Fake.ApiCount);

        // Then the clock moves in small steps; after each one, wait until the requests let through have arrived.
        var step = TimeSpan.FromMilliseconds(500);
        while (h.Fake.ApiCount < 300)
        {
            Assert.True(h.Time.GetUtcNow() - start < TimeSpan.FromMinutes(5), "300 requests should not take 5 minutes");
            h.Time.Advance(step);
            await Harness.Quiesce(() => h.Fake.ApiCount);
        }
        await Task.WhenAll(tasks);

        var times = h.Fake.ApiRequests.Select(r => r.Time).OrderBy(t => t).ToArray();
        Assert.Equal(300, times.Length);
        Assert.All(times.Take(120), t => Assert.Equal(start, t));
        for (var i = 0; i < times.Length; i++)
        {
            var inWindow = times.Count(t => t >= times[i] && t <= times[i] + TimeSpan.FromSeconds(60));
            Assert.True(inWindow <= 120, $"{inWindow} requests in the 60 s from {times[i]:O}");
        }
        // ...and the budget is used: each window's 120 go as soon as the window allows, 300 in about two minutes.
        Assert.True(times[^1] - start < TimeSpan.FromMinutes(2.5));
        Assert.Equal(120, times.Count(t => t < start + AuraRequestPacer.WindowHold));
    }

    [Fact]
    public async Task Connections_to_one_host_share_its_pacer_and_can_only_lower_their_own_pace()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 2); // two, then the next 61 s after the first
        var other = h.NewClient(o => { o.HostRequestsPerMinute = null; o.RequestsPerMinute = 100000; });
        Assert.Same(h.Client.Transport.HostPacer, other.Transport.HostPacer);
        Assert.Same(other.Transport.HostPacer, other.Transport.Pacer); // asking for more than the host's pace changes nothing
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        await other.Instances.ListAsync(null, CancellationToken.None);
        var third = other.Instances.ListAsync(null, CancellationToken.None);
        await Harness.Settle();
        Assert.Equal(2, h.Fake.ApiCount);
        h.Time.Advance(TimeSpan.FromSeconds(60.9));
        await Harness.Settle();
        Assert.Equal(2, h.Fake.ApiCount);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        await third;
        Assert.Equal(3, h.Fake.ApiCount);

        // A connection that asks for less gets a pacer of its own on top of the host's (which stays the same).
        var slower = h.NewClient(o => o.RequestsPerMinute = 1);
        Assert.Same(h.Client.Transport.HostPacer, slower.Transport.HostPacer);
        Assert.NotSame(slower.Transport.HostPacer, slower.Transport.Pacer);
        Assert.Equal(1, slower.Transport.Pacer.RequestsPerMinute);
        Assert.Equal(2, h.Client.Transport.HostPacer.RequestsPerMinute);
    }

    [Fact]
    public async Task A_long_pacing_wait_is_traced()
    {
        using var h = new Harness(o => o.RequestsPerMinute = 1); // one, then the next 61 s later
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        var sink = new ListSink();
        AuraTrace.Current = sink;
        var second = h.Client.Instances.ListAsync(null, CancellationToken.None);
        AuraTrace.Current = null;
        // Said while it waits (a call stopped during the wait has said why it was quiet)...
        await Harness.Eventually(() => h.Client.Transport.Pacer.Queued == 1, "the pacing wait");
        Assert.False(second.IsCompleted);
        Assert.Contains(sink.VerboseLines, l => l == "GET /instances: waiting to stay under 1 requests a minute (this connection's -RequestsPerMinute)");
        await h.PumpUntil(second, TimeSpan.FromSeconds(1));
        // ...and how long it took, after.
        Assert.Contains(sink.VerboseLines, l => l.StartsWith("GET /instances: waited ") && l.Contains("1 requests a minute"));
    }

    [Fact]
    public async Task A_wait_for_the_hosts_shared_pacer_is_announced_before_it_ends_and_an_immediate_permit_says_nothing()
    {
        using var h = new Harness(o => o.HostRequestsPerMinute = 1);
        var sink = new ListSink();
        AuraTrace.Current = sink;
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        Assert.DoesNotContain(sink.VerboseLines, l => l.Contains("waiting to stay under"));
        var second = h.Client.Instances.ListAsync(null, CancellationToken.None);
        AuraTrace.Current = null;
        await Harness.Eventually(() => h.Client.Transport.HostPacer.Queued == 1, "the pacing wait");
        Assert.Contains(sink.VerboseLines, l => l.StartsWith("GET /instances: waiting to stay under 1 requests a minute to ") && l.EndsWith("(shared by every connection of this process)"));
        await h.PumpUntil(second, TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Fake.ApiCount);
    }

    private static async Task AssertCancelsPromptly(Task task, CancellationTokenSource cts)
    {
        var watch = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelling_during_a_pacing_wait_throws_OperationCanceledException()
    {
        using var h = new Harness(o => o.RequestsPerMinute = 1);
        await h.Client.Instances.ListAsync(null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = h.Client.Instances.ListAsync(null, cts.Token);
        await Harness.Eventually(() => h.Client.Transport.Pacer.Queued == 1, "the pacing wait");
        await AssertCancelsPromptly(waiting, cts);
        Assert.Equal(1, h.Fake.ApiCount);
        Assert.Equal(0, h.Client.Transport.Pacer.Queued);
    }

    [Fact]
    public async Task Cancelling_during_a_retry_delay_throws_OperationCanceledException()
    {
        using var h = new Harness();
        h.Fake.Enqueue(FakeAura.Answer(503));
        using var cts = new CancellationTokenSource();
        var task = h.Client.Instances.ListAsync(null, cts.Token);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "the first attempt");
        await Harness.Settle();
        await AssertCancelsPromptly(task, cts);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await Harness.Settle();
        Assert.Equal(1, h.Fake.ApiCount);
    }

    [Fact]
    public async Task Cancelling_an_in_flight_request_throws_OperationCanceledException_not_an_Aura_error()
    {
        using var h = new Harness();
        h.Fake.Enqueue(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return FakeAura.Json(200, "{}"); });
        using var cts = new CancellationTokenSource();
        var task = h.Client.Instances.PauseAsync("a1b2c3d4", cts.Token);
        await Harness.Eventually(() => h.Fake.ApiCount == 1, "the request");
        await AssertCancelsPromptly(task, cts);
        Assert.Equal(1, h.Fake.ApiCount);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_a_shared_token_leaves_the_others_waiting()
    {
        using var h = new Harness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Fake.EnqueueToken(async (_, _) => { await gate.Task; return FakeAura.Json(200, "{\"access_token\":\"late\",\"expires_in\":3600}"); });
        using var cts = new CancellationTokenSource();
        var cancelled = h.Client.EnsureTokenAsync(cts.Token);
        var patient = h.Client.Instances.ListAsync(null, CancellationToken.None);
        await Harness.Eventually(() => h.Fake.TokenCount == 1, "the token request");
        await AssertCancelsPromptly(cancelled, cts);
        gate.SetResult();
        await patient;
        Assert.Equal(1, h.Fake.TokenCount);
        Assert.Equal("Bearer late", h.Fake.ApiRequests.Single().Authorization);
    }

    [Fact]
    public async Task A_token_request_nobody_waits_for_any_more_is_cancelled()
    {
        using var h = new Harness();
        var tokenCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Fake.EnqueueToken(async (_, ct) =>
        {
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { tokenCancelled.SetResult(); throw; }
            return FakeAura.Json(200, "{}");
        });
        using var cts = new CancellationTokenSource();
        var task = h.Client.EnsureTokenAsync(cts.Token);
        await Harness.Eventually(() => h.Fake.TokenCount == 1, "the token request");
        await AssertCancelsPromptly(task, cts);
        await tokenCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        // A later caller starts afresh.
        await h.Client.EnsureTokenAsync(CancellationToken.None);
        Assert.Equal(2, h.Fake.TokenCount);
    }

    [Fact]
    public async Task Already_cancelled_token_sends_nothing()
    {
        using var h = new Harness();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.Instances.ListAsync(null, cts.Token));
        Assert.Equal(0, h.Fake.Count);
    }
}
