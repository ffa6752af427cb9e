using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Neo4jAura.Waiting;
using Xunit;

namespace Neo4jAura.Tests.Waiting;

public class WaitSetTests
{
    private sealed class Thing
    {
        public string Status = "creating";
    }

    /// <summary>A poller driven by a script: each item's status at a given moment; records every poll.</summary>
    private sealed class ScriptedPoller : IWaitPoller<Thing>
    {
        private readonly FakeTimeProvider _time;
        public readonly List<(string Key, TimeSpan At)> Polls = new();
        public Func<string, TimeSpan, PollOutcome<Thing>> Answer = (_, _) => PollOutcome<Thing>.Pending(new Thing(), "creating");
        public bool Batched;
        public int Calls;
        public DateTimeOffset Start;

        public ScriptedPoller(FakeTimeProvider time) { _time = time; Start = time.GetUtcNow(); }

        public int CostOf(IReadOnlyCollection<WaitItem<Thing>> items) => Batched ? (items.Count == 0 ? 0 : 1) : items.Count;

        public Task<IReadOnlyList<PollOutcome<Thing>>> PollAsync(IReadOnlyList<WaitItem<Thing>> items, CancellationToken cancellationToken)
        {
            Calls++;
            var at = _time.GetUtcNow() - Start;
            var answers = items.Select(i => { Polls.Add((i.Key, at)); return Answer(i.Key, at); }).ToList();
            return Task.FromResult<IReadOnlyList<PollOutcome<Thing>>>(answers);
        }
    }

    private static PollOutcome<Thing> DoneAfter(TimeSpan at, TimeSpan doneAt)
        => at >= doneAt ? PollOutcome<Thing>.Done(new Thing { Status = "running" }, "running") : PollOutcome<Thing>.Pending(new Thing(), "creating");

    private static WaitItem<Thing> Item(string key) => new(key, "instance " + key, new Thing(), "creating");

    /// <summary>One step with the fake clock moved to when the set is next due.</summary>
    private static async Task<IReadOnlyList<WaitItem<Thing>>> Step(WaitSet<Thing> set, FakeTimeProvider time, CancellationToken ct = default)
    {
        var next = set.NextDueAt!.Value;
        var task = set.StepAsync(ct);
        var delta = next - time.GetUtcNow();
        if (delta > TimeSpan.Zero) time.Advance(delta);
        return await task;
    }

    private static async Task<List<WaitItem<Thing>>> Drain(WaitSet<Thing> set, FakeTimeProvider time, int maxSteps = 10_000)
    {
        var finished = new List<WaitItem<Thing>>();
        for (var i = 0; set.Count > 0 && i < maxSteps; i++) finished.AddRange(await Step(set, time));
        Assert.Equal(0, set.Count);
        return finished;
    }

    [Fact]
    public async Task First_poll_comes_one_second_after_the_start_then_the_wait_backs_off()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (_, at) => DoneAfter(at, TimeSpan.FromSeconds(60)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        set.Add(Item("a"));

        Assert.Empty(await set.PollDueAsync(default)); // nothing is due at once
        Assert.Empty(poller.Polls);

        var finished = await Drain(set, time);
        var at = poller.Polls.Select(p => p.At.TotalSeconds).ToArray();
        Assert.Equal(new double[] { 1, 2, 4, 6, 9, 14, 22, 32, 47, 62 }, at);
        Assert.Equal(WaitState.Done, Assert.Single(finished).State);
    }

    [Fact]
    public async Task Completion_is_seen_within_a_second_and_a_half_for_a_short_operation()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (_, at) => DoneAfter(at, TimeSpan.FromSeconds(3)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        set.Add(Item("a"));
        var finished = Assert.Single(await Drain(set, time));
        Assert.True(finished.FinishedAt!.Value - finished.StartedAt <= TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task Items_finish_on_their_own_outcome_and_the_others_go_on()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time)
        {
            Batched = true,
            Answer = (key, at) => key switch
            {
                "ok" => DoneAfter(at, TimeSpan.FromSeconds(2)),
                "bad" => PollOutcome<Thing>.Failed(new InvalidOperationException("loading failed"), new Thing { Status = "loading failed" }, "loading failed"),
                _ => PollOutcome<Thing>.Pending(new Thing { Status = "suspended" }, "suspended"),
            },
        };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { Timeout = TimeSpan.FromSeconds(30) });
        set.Add(Item("ok"));
        set.Add(Item("bad"));
        set.Add(Item("slow"));
        var finished = await Drain(set, time);

        Assert.Equal(new[] { "bad", "ok", "slow" }, finished.Select(f => f.Key).ToArray());
        Assert.Equal(WaitState.Failed, finished[0].State);
        Assert.Equal(TimeSpan.FromSeconds(1), finished[0].FinishedAt - finished[0].StartedAt); // a failure state ends the wait at once
        Assert.Equal(WaitState.Done, finished[1].State);
        Assert.Equal(WaitState.TimedOut, finished[2].State);
        Assert.Equal("suspended", finished[2].Status); // the last status is kept for the message
        Assert.Equal(TimeSpan.FromSeconds(30), finished[2].FinishedAt - finished[2].StartedAt);
    }

    [Fact]
    public async Task Many_items_wait_together_so_the_slowest_sets_the_time()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Batched = true, Answer = (_, at) => DoneAfter(at, TimeSpan.FromSeconds(3)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        for (var i = 0; i < 20; i++) set.Add(Item("i" + i));
        var finished = await Drain(set, time);
        Assert.Equal(20, finished.Count);
        Assert.All(finished, f => Assert.True(f.FinishedAt!.Value - f.StartedAt <= TimeSpan.FromSeconds(4.5)));
        Assert.True(poller.Calls <= 4, $"a batched poller polls all items in one round, got {poller.Calls} rounds");
    }

    [Fact]
    public async Task Items_started_at_different_times_fall_into_step_when_one_poll_serves_them_all()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Batched = true, Answer = (_, at) => DoneAfter(at, TimeSpan.FromSeconds(30)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        for (var i = 0; i < 20; i++)
        {
            set.Add(Item("i" + i));
            Assert.Empty(await set.PollDueAsync(default));
            time.Advance(TimeSpan.FromMilliseconds(100)); // the operations start one after another
        }
        var finished = await Drain(set, time);
        Assert.Equal(20, finished.Count);
        // One item alone would need 8 polls to see 30 s (1,2,4,6,9,14,22,32); staggered starts may add a few rounds, not 20x.
        Assert.True(poller.Calls <= 12, $"{poller.Calls} poll rounds");
        Assert.All(finished, f => Assert.True(f.FinishedAt!.Value - f.StartedAt <= TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task Polls_stay_within_the_share_of_the_rate_budget()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (key, at) => DoneAfter(at, TimeSpan.FromSeconds(5 + int.Parse(key.Substring(1)) * 10)) };
        // Half of 120 a minute for polls: however many items come due, no 60 s holds more than 60 polls.
        var policy = new WaitPolicy { RequestsPerMinute = 120, PollShare = 0.5, Scouts = 50 };
        var set = new WaitSet<Thing>(time, poller, policy);
        for (var i = 0; i < 50; i++) set.Add(Item("i" + i));
        var finished = await Drain(set, time);

        Assert.Equal(50, finished.Count);
        var times = poller.Polls.Select(p => p.At).OrderBy(t => t).ToList();
        var worst = times.Max(t => times.Count(u => u >= t && u < t + TimeSpan.FromSeconds(60)));
        Assert.True(worst <= 60, $"{worst} polls in one minute");
        Assert.Equal(60, policy.PollBudgetPerMinute);
    }

    [Fact]
    public async Task Only_scouts_are_polled_until_one_finishes_then_each_item_once_at_its_expected_finish()
    {
        var time = new FakeTimeProvider();
        var took = TimeSpan.FromSeconds(8);
        var poller = new ScriptedPoller(time);
        var starts = new Dictionary<string, TimeSpan>();
        poller.Answer = (key, at) => DoneAfter(at, starts[key] + took);
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { Scouts = 2 });
        for (var i = 0; i < 30; i++)
        {
            starts["i" + i] = time.GetUtcNow() - poller.Start;
            set.Add(Item("i" + i));
            time.Advance(TimeSpan.FromMilliseconds(200)); // started one after another, as a pipeline does
        }
        var finished = await Drain(set, time);

        Assert.Equal(30, finished.Count);
        // The two scouts poll on the backoff (1, 2, 4, 6, 9 s); every other item is polled once, when it is done.
        var scouts = new[] { "i0", "i1" };
        Assert.All(poller.Polls.Where(p => !scouts.Contains(p.Key)).GroupBy(p => p.Key), g => Assert.Single(g));
        Assert.True(poller.Polls.Count <= 30 + 2 * 5, $"{poller.Polls.Count} polls for 30 items");
        // ...and each is seen done soon after it is: within the scouts' error plus the slack.
        Assert.All(finished, f => Assert.True(f.FinishedAt!.Value - f.StartedAt - took <= TimeSpan.FromSeconds(1.5),
            $"{f.Key} seen {(f.FinishedAt!.Value - f.StartedAt - took).TotalSeconds} s late"));
        Assert.NotNull(set.ExpectedDuration);
    }

    [Fact]
    public async Task An_item_slower_than_expected_goes_back_to_its_backoff()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (key, at) => DoneAfter(at, TimeSpan.FromSeconds(key == "slow" ? 30 : 3)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { Scouts = 1 });
        set.Add(Item("fast"));
        set.Add(Item("slow"));
        var finished = await Drain(set, time);
        Assert.Equal(new[] { "fast", "slow" }, finished.Select(f => f.Key).ToArray());
        var slow = finished[1];
        Assert.True(slow.FinishedAt!.Value - slow.StartedAt <= TimeSpan.FromSeconds(45), "the slow item is still polled on its backoff");
        Assert.True(slow.Polls >= 2);
    }

    [Fact]
    public async Task Items_that_are_not_scouts_are_still_polled_when_no_scout_finishes()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (key, at) => DoneAfter(at, TimeSpan.FromSeconds(key == "scout" ? 600 : 20)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { Scouts = 1 });
        set.Add(Item("scout"));
        set.Add(Item("other"));
        var other = (await Drain(set, time)).Single(f => f.Key == "other");
        Assert.True(other.FinishedAt!.Value - other.StartedAt <= TimeSpan.FromSeconds(35), "a non-scout waits at most the longest backoff step between polls");
    }

    [Fact]
    public async Task A_fixed_poll_interval_replaces_backoff_and_budget()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (_, at) => DoneAfter(at, TimeSpan.FromSeconds(20)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { FixedInterval = TimeSpan.FromSeconds(7) });
        set.Add(Item("a"));
        await Drain(set, time);
        Assert.Equal(new double[] { 7, 14, 21 }, poller.Polls.Select(p => p.At.TotalSeconds).ToArray());
    }

    [Fact]
    public async Task Throttle_limit_caps_items_in_flight_until_one_finishes()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (key, at) => DoneAfter(at, key == "a" ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(100)) };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { ThrottleLimit = 2 });
        set.Add(Item("a"));
        Assert.True(set.HasCapacity);
        set.Add(Item("b"));
        Assert.False(set.HasCapacity);

        var task = set.WaitForCapacityAsync(default);
        for (var i = 0; i < 400 && !task.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(2); // let the step's continuation run before moving the clock on
        }
        var freed = await task;
        Assert.Equal("a", Assert.Single(freed).Key);
        Assert.True(set.HasCapacity);
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public async Task Items_are_started_as_they_come_each_with_its_own_clock()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (_, _) => PollOutcome<Thing>.Pending(new Thing(), "creating") };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy { Timeout = TimeSpan.FromSeconds(10) });
        set.Add(Item("a"));
        time.Advance(TimeSpan.FromSeconds(5));
        set.Add(Item("b"));
        var finished = await Drain(set, time);
        Assert.Equal(new[] { "a", "b" }, finished.Select(f => f.Key).ToArray());
        Assert.All(finished, f => Assert.Equal(TimeSpan.FromSeconds(10), f.FinishedAt - f.StartedAt));
    }

    [Fact]
    public async Task Poll_now_checks_at_once()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time) { Answer = (_, _) => PollOutcome<Thing>.Done(new Thing(), "running") };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        set.Add(Item("a"), pollNow: true);
        var finished = await set.PollDueAsync(default);
        Assert.Equal(WaitState.Done, Assert.Single(finished).State);
        Assert.Equal(TimeSpan.Zero, poller.Polls.Single().At);
    }

    [Fact]
    public async Task Transient_poll_errors_are_tolerated_a_few_times_in_a_row()
    {
        var time = new FakeTimeProvider();
        var errors = 0;
        var poller = new ScriptedPoller(time)
        {
            Answer = (_, _) => ++errors <= 2 ? PollOutcome<Thing>.TransientError(new TimeoutException("503")) : PollOutcome<Thing>.Done(new Thing(), "running"),
        };
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        set.Add(Item("a"));
        Assert.Equal(WaitState.Done, Assert.Single(await Drain(set, time)).State);

        var alwaysFailing = new ScriptedPoller(time) { Answer = (_, _) => PollOutcome<Thing>.TransientError(new TimeoutException("503")) };
        var set2 = new WaitSet<Thing>(time, alwaysFailing, new WaitPolicy { MaxConsecutivePollErrors = 3 });
        set2.Add(Item("b"));
        var failed = Assert.Single(await Drain(set2, time));
        Assert.Equal(WaitState.Failed, failed.State);
        Assert.IsType<TimeoutException>(failed.Error);
        Assert.Equal(3, alwaysFailing.Polls.Count);
    }

    [Fact]
    public async Task Cancellation_ends_a_pending_step_at_once()
    {
        var time = new FakeTimeProvider();
        var poller = new ScriptedPoller(time);
        var set = new WaitSet<Thing>(time, poller, new WaitPolicy());
        set.Add(Item("a"));
        using var cts = new CancellationTokenSource();
        var step = set.StepAsync(cts.Token);
        Assert.False(step.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step);
        Assert.Empty(poller.Polls);
    }

    [Fact]
    public void Backoff_starts_at_a_second_and_is_capped()
    {
        var policy = new WaitPolicy { RequestsPerMinute = 120, PollShare = 0.6 };
        Assert.Equal(72, policy.PollBudgetPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.IntervalAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(15), policy.IntervalAfter(100));
        Assert.Equal(1, new WaitPolicy { RequestsPerMinute = 1, PollShare = 0.6 }.PollBudgetPerMinute);
    }
}
