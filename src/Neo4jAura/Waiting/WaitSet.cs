using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Waiting;

/// <summary>Where one waited-for item stands.</summary>
internal enum WaitState
{
    /// <summary>Still waiting (also for statuses the module does not know).</summary>
    Waiting,
    /// <summary>Reached the awaited state.</summary>
    Done,
    /// <summary>Reached a failure state, or could not be polled.</summary>
    Failed,
    /// <summary>The time allowed ran out first.</summary>
    TimedOut,
}

/// <summary>What one poll found out about one item.</summary>
internal readonly struct PollOutcome<T>
{
    private PollOutcome(WaitState state, T? value, string? status, Exception? error, bool transient)
    {
        State = state; Value = value; Status = status; Error = error; Transient = transient;
    }

    public WaitState State { get; }
    /// <summary>The item as last seen (default when the poll saw nothing new).</summary>
    public T? Value { get; }
    public string? Status { get; }
    public Exception? Error { get; }
    /// <summary>The poll itself failed in a way that may pass (counted; the item fails after too many in a row).</summary>
    public bool Transient { get; }

    public static PollOutcome<T> Pending(T value, string? status) => new(WaitState.Waiting, value, status, null, false);
    public static PollOutcome<T> Done(T value, string? status) => new(WaitState.Done, value, status, null, false);
    public static PollOutcome<T> Failed(Exception error, T? value = default, string? status = null) => new(WaitState.Failed, value, status, error, false);
    public static PollOutcome<T> TransientError(Exception error) => new(WaitState.Waiting, default, null, error, true);
}

/// <summary>One operation being waited for.</summary>
internal sealed class WaitItem<T>
{
    public WaitItem(string key, string label, T current, string? status, object? target = null)
    {
        Key = key; Label = label; Current = current; Status = status; Target = target ?? key;
    }

    /// <summary>What the poller looks the item up by (an instance id, "instanceId/snapshotId", ...).</summary>
    public string Key { get; }
    /// <summary>How messages and progress name the item, e.g. "instance prod-orders (a1b2c3d4)".</summary>
    public string Label { get; }
    /// <summary>The TargetObject of an error record for this item.</summary>
    public object Target { get; }
    /// <summary>Free slot for the command (e.g. the one-time credential to put back on the final object).</summary>
    public object? Tag { get; set; }
    /// <summary>What the poller checks the item against (e.g. an InstanceGoal).</summary>
    public object? Goal { get; set; }
    /// <summary>What is awaited, for messages and progress (e.g. "running").</summary>
    public string Expectation { get; set; } = "done";
    public T Current { get; internal set; }
    public string? Status { get; internal set; }
    public WaitState State { get; internal set; } = WaitState.Waiting;
    public Exception? Error { get; internal set; }
    /// <summary>Sequence number in the order items were added (stable id for progress bars).</summary>
    public int Sequence { get; internal set; }
    public DateTimeOffset StartedAt { get; internal set; }
    public DateTimeOffset Deadline { get; internal set; }
    public DateTimeOffset NextPollAt { get; internal set; }
    /// <summary>When the item was last polled (its start before the first poll).</summary>
    public DateTimeOffset LastPolledAt { get; internal set; }
    public DateTimeOffset? FinishedAt { get; internal set; }
    public int Polls { get; internal set; }
    public int ConsecutivePollErrors { get; internal set; }
}

/// <summary>Polls items that are due, in as few requests as it can (e.g. one list call for many instances).</summary>
internal interface IWaitPoller<T>
{
    /// <summary>How many API requests one poll of these items together costs.</summary>
    int CostOf(IReadOnlyCollection<WaitItem<T>> items);

    /// <summary>One outcome per item, in the same order. Must honour the token; per-item problems go in the outcome.</summary>
    Task<IReadOnlyList<PollOutcome<T>>> PollAsync(IReadOnlyList<WaitItem<T>> items, CancellationToken cancellationToken);
}

/// <summary>How a <see cref="WaitSet{T}"/> paces its polls.</summary>
internal sealed class WaitPolicy
{
    /// <summary>The backoff steps of one item's wait: soon at first, then less often as the wait grows long.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultBackoff = new[] { 1, 1, 2, 2, 3, 5, 8, 10, 15 }
        .Select(s => TimeSpan.FromSeconds(s)).ToArray();

    /// <summary>Time allowed per item, counted from when it was added.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>-PollIntervalSec: a fixed interval instead of the backoff and the budget.</summary>
    public TimeSpan? FixedInterval { get; set; }
    public IReadOnlyList<TimeSpan> Backoff { get; set; } = DefaultBackoff;
    /// <summary>Operations allowed in flight at once (-ThrottleLimit).</summary>
    public int ThrottleLimit { get; set; } = 50;
    /// <summary>The connection's client-side pace.</summary>
    public int RequestsPerMinute { get; set; } = 120;
    /// <summary>Share of <see cref="RequestsPerMinute"/> that polling may use.</summary>
    public double PollShare { get; set; } = 0.6;
    /// <summary>Items due this soon are polled in the same round (cheap when the poller batches).</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Failed polls in a row (after the client's own retries) before the item is given up as failed.</summary>
    public int MaxConsecutivePollErrors { get; set; } = 3;

    /// <summary>Waiting items polled before any item of the set has finished (the others wait for what they learn).</summary>
    public int Scouts { get; set; } = 3;
    /// <summary>How long after its expected finish (learned from the items that finished) an item is polled.</summary>
    public TimeSpan ExpectedSlack { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The backoff interval after <paramref name="polls"/> polls (or the fixed one).</summary>
    public TimeSpan IntervalAfter(int polls)
    {
        if (FixedInterval is { } fixedInterval) return fixedInterval;
        return Backoff.Count == 0 ? TimeSpan.FromSeconds(1) : Backoff[Math.Min(polls, Backoff.Count - 1)];
    }

    /// <summary>Poll requests the set may send in any 60 seconds: <see cref="PollShare"/> of the pace, at least one.</summary>
    public int PollBudgetPerMinute => Math.Max(1, (int)(PollShare * Math.Max(1, RequestsPerMinute)));

    internal static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// The operations one cmdlet invocation waits for, together: items are added as they start, polled when due
/// (batched through the poller), backed off as their wait grows long, and finished on done, failure or timeout.
/// Polls cost as few requests as the work allows: until one item has finished, only a few "scouts" (the oldest
/// items) are polled on the backoff, unless one poll serves them all; once items finish, the shortest time they
/// took is the expected duration, and every other item is polled once, just after its own start plus that time
/// (then on its backoff if it is not done yet). All polling stays within <see cref="WaitPolicy.PollShare"/> of
/// the pace in any 60 seconds, so the operations still being started are never starved. Pure scheduling: time comes from a
/// <see cref="TimeProvider"/> and polls from an <see cref="IWaitPoller{T}"/>, so it is testable with a fake clock.
/// Not thread-safe: one pipeline drives it.
/// </summary>
internal sealed class WaitSet<T>
{
    private readonly List<WaitItem<T>> _items = new();
    private readonly TimeProvider _time;
    private readonly IWaitPoller<T> _poller;
    private readonly Queue<(DateTimeOffset At, int Cost)> _spent = new();
    private int _sequence;
    private TimeSpan? _expected;

    public WaitSet(TimeProvider time, IWaitPoller<T> poller, WaitPolicy policy)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _poller = poller ?? throw new ArgumentNullException(nameof(poller));
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
    }

    public WaitPolicy Policy { get; }

    /// <summary>Items still being waited for.</summary>
    public IReadOnlyList<WaitItem<T>> Items => _items;
    public int Count => _items.Count;
    public bool HasCapacity => _items.Count < Math.Max(1, Policy.ThrottleLimit);
    /// <summary>Poll requests sent so far (as the poller counts them).</summary>
    public long RequestsSpent { get; private set; }
    /// <summary>Items added since the set was made.</summary>
    public int Added => _sequence;
    /// <summary>The shortest time a finished item took (null until one has finished): when the others are polled.</summary>
    public TimeSpan? ExpectedDuration => _expected;

    /// <summary>Starts waiting for an item whose operation has just been started (first poll after the first backoff step, or at once with <paramref name="pollNow"/>).</summary>
    public WaitItem<T> Add(WaitItem<T> item, bool pollNow = false)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        var now = _time.GetUtcNow();
        item.Sequence = ++_sequence;
        item.StartedAt = now;
        item.LastPolledAt = now;
        item.Deadline = now + Policy.Timeout;
        item.State = WaitState.Waiting;
        _items.Add(item);
        item.NextPollAt = pollNow ? now : NextPoll(item, now);
        return item;
    }

    /// <summary>The next moment something is due (a poll or a deadline), or null when the set is empty.</summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var item in _items)
            {
                var due = item.NextPollAt < item.Deadline ? item.NextPollAt : item.Deadline;
                if (next is null || due < next) next = due;
            }
            return next;
        }
    }

    /// <summary>
    /// Without waiting: times out overdue items, polls the items that are due (with those due within the
    /// coalesce window), reschedules the rest; returns the items that finished (removed from the set).
    /// </summary>
    public async Task<IReadOnlyList<WaitItem<T>>> PollDueAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var finished = new List<WaitItem<T>>();
        var now = _time.GetUtcNow();

        foreach (var item in _items.Where(i => i.Deadline <= now).ToList())
        {
            Finish(item, WaitState.TimedOut, now, finished);
        }

        var due = _items.Where(i => i.NextPollAt <= now).ToList();
        if (due.Count > 0)
        {
            // When one poll serves many items, poll with them whatever is due soon (within the coalesce window, or
            // past half of its interval), so items that started at different times fall into step and a batched
            // poll is not repeated for each of them. Otherwise each item costs a request of its own: polling it
            // before it is due would only spend one more.
            if (_poller.CostOf(_items) < _items.Count)
            {
                due.AddRange(_items.Where(i => i.NextPollAt > now && (i.NextPollAt <= now + Policy.CoalesceWindow
                    || i.NextPollAt - now <= TimeSpan.FromTicks((i.NextPollAt - i.LastPolledAt).Ticks / 2))));
            }
            due = WithinBudget(due, now);
            if (due.Count > 0) await PollAsync(due, finished, cancellationToken).ConfigureAwait(false);
        }
        return finished;
    }

    /// <summary>
    /// The due items the poll budget allows now, most overdue first; the others are put off until the budget
    /// frees (a request leaves the 60-second window).
    /// </summary>
    private List<WaitItem<T>> WithinBudget(List<WaitItem<T>> due, DateTimeOffset now)
    {
        while (_spent.Count > 0 && _spent.Peek().At <= now - Window) _spent.Dequeue();
        var available = Policy.PollBudgetPerMinute - _spent.Sum(s => s.Cost);
        if (Policy.FixedInterval is not null || _poller.CostOf(due) <= available) return due;

        var allowed = new List<WaitItem<T>>();
        foreach (var item in due.OrderBy(i => i.NextPollAt).ThenBy(i => i.Sequence))
        {
            allowed.Add(item);
            if (_poller.CostOf(allowed) > available) { allowed.RemoveAt(allowed.Count - 1); break; }
        }
        var freeAt = _spent.Count > 0 ? _spent.Peek().At + Window : now;
        foreach (var item in due.Except(allowed)) item.NextPollAt = freeAt > now ? freeAt : now + Policy.CoalesceWindow;
        return allowed;
    }

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until something is due, or at most <paramref name="maxWait"/> (so a caller can refresh its progress), then
    /// does <see cref="PollDueAsync"/> (which polls only what is due). Cancellable at once.
    /// </summary>
    public async Task<IReadOnlyList<WaitItem<T>>> StepAsync(CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        if (_items.Count == 0) return Array.Empty<WaitItem<T>>();
        var next = NextDueAt!.Value;
        var delay = next - _time.GetUtcNow();
        if (maxWait is { } most && delay > most) delay = most;
        if (delay > TimeSpan.Zero)
        {
            await _time.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        return await PollDueAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Steps until there is room for one more item (-ThrottleLimit); returns what finished meanwhile.</summary>
    public async Task<IReadOnlyList<WaitItem<T>>> WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        var finished = new List<WaitItem<T>>();
        while (!HasCapacity)
        {
            finished.AddRange(await StepAsync(cancellationToken).ConfigureAwait(false));
        }
        return finished;
    }

    private async Task PollAsync(List<WaitItem<T>> due, List<WaitItem<T>> finished, CancellationToken cancellationToken)
    {
        var cost = _poller.CostOf(due);
        _spent.Enqueue((_time.GetUtcNow(), cost));
        var outcomes = await _poller.PollAsync(due, cancellationToken).ConfigureAwait(false);
        if (outcomes.Count != due.Count) throw new InvalidOperationException("The poller must answer once per item.");
        RequestsSpent += cost;

        var now = _time.GetUtcNow();
        for (var i = 0; i < due.Count; i++)
        {
            var item = due[i];
            var outcome = outcomes[i];
            item.Polls++;
            item.LastPolledAt = now;
            if (outcome.Transient)
            {
                item.ConsecutivePollErrors++;
                item.Error = outcome.Error;
                if (item.ConsecutivePollErrors >= Math.Max(1, Policy.MaxConsecutivePollErrors))
                {
                    Finish(item, WaitState.Failed, now, finished);
                }
                continue;
            }

            item.ConsecutivePollErrors = 0;
            item.Error = outcome.Error;
            if (outcome.Value is not null) item.Current = outcome.Value;
            if (outcome.Status is not null) item.Status = outcome.Status;
            if (outcome.State != WaitState.Waiting)
            {
                Finish(item, outcome.State, now, finished);
            }
            else if (item.Deadline <= now)
            {
                Finish(item, WaitState.TimedOut, now, finished);
            }
        }

        foreach (var item in due)
        {
            if (item.State != WaitState.Waiting) continue;
            item.NextPollAt = NextPoll(item, now);
        }
    }

    /// <summary>
    /// When an item still waiting is polled next: just after its expected finish once the set has learned how long
    /// items take; before that, on its backoff if it is a scout (or one poll serves all), else when the backoff's
    /// longest step has passed, so it never waits on the scouts for ever.
    /// </summary>
    private DateTimeOffset NextPoll(WaitItem<T> item, DateTimeOffset now)
    {
        var backoff = now + Policy.IntervalAfter(item.Polls);
        if (Policy.FixedInterval is not null) return backoff;
        if (_expected is { } expected)
        {
            var expectedAt = item.StartedAt + expected + Policy.ExpectedSlack;
            return expectedAt > now ? expectedAt : backoff;
        }
        if (_poller.CostOf(_items) < _items.Count || IsScout(item)) return backoff;
        var longest = Policy.Backoff.Count == 0 ? TimeSpan.FromSeconds(1) : Policy.Backoff[Policy.Backoff.Count - 1];
        return now + longest;
    }

    private bool IsScout(WaitItem<T> item)
        => _items.Where(i => i.State == WaitState.Waiting).OrderBy(i => i.Sequence).Take(Math.Max(1, Policy.Scouts)).Contains(item);

    private void Finish(WaitItem<T> item, WaitState state, DateTimeOffset now, List<WaitItem<T>> finished)
    {
        if (!_items.Remove(item)) return;
        item.State = state;
        item.FinishedAt = now;
        finished.Add(item);
        if (state != WaitState.Done) return;
        var took = now - item.StartedAt;
        if (_expected is null || took < _expected.Value)
        {
            _expected = took;
            // What was learned applies at once: the items waiting on the scouts move to their expected finish.
            foreach (var other in _items) other.NextPollAt = NextPoll(other, now);
        }
    }
}
