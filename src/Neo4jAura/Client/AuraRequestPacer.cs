using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>
/// Keeps the API requests of one (base URI, client id) under <see cref="RequestsPerMinute"/> in any 60 seconds, for
/// the whole process, with a System.Threading.RateLimiting ConcurrencyLimiter of RequestsPerMinute permits, each
/// given back by a timer of the given TimeProvider (so a fake clock drives it in tests) <see cref="WindowHold"/>
/// (61 s) after its request starts: no 60-second window (even closed at both ends, or a second longer) ever holds
/// more. The budget may be spent at once: the API counts requests per window, not their spacing, so a bulk
/// operation (50 snapshots and their polls) finishes in the time of one instead of queueing behind a smoothing
/// rule. Waiters queue first come, first served; cancellation ends a wait at once.
/// </summary>
/// <remarks>
/// Why not TokenBucketRateLimiter with AutoReplenishment off: its TryReplenish still measures elapsed time with the
/// real clock (Stopwatch), so a fake TimeProvider cannot drive it.
/// </remarks>
internal sealed class AuraRequestPacer : IDisposable
{
    /// <summary>How long a request counts against the minute's budget (a second of margin over 60 s).</summary>
    public static readonly TimeSpan WindowHold = TimeSpan.FromSeconds(61);

    private readonly TimeProvider _time;
    private readonly ConcurrencyLimiter _window;
    private readonly ConcurrentDictionary<ITimer, byte> _timers = new();
    private int _disposed;

    public AuraRequestPacer(int requestsPerMinute, TimeProvider timeProvider)
    {
        if (requestsPerMinute < 1) throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), "At least one request a minute.");
        _time = timeProvider;
        RequestsPerMinute = requestsPerMinute;
        _window = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = requestsPerMinute,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int RequestsPerMinute { get; }

    /// <summary>Requests waiting for a permit.</summary>
    public long Queued => _window.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// Waits for a permit (first come, first served); cancellation ends the wait at once. False when this pacer was
    /// disposed meanwhile: the caller asks the current one.
    /// </summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        RateLimitLease? window = null;
        try
        {
            window = await _window.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!window.IsAcquired)
            {
                window.Dispose();
                return false;
            }
            // The request starts now: the permit is given back later, whatever becomes of it.
            ReleaseLater(window, WindowHold);
            return true;
        }
        catch (OperationCanceledException)
        {
            window?.Dispose(); // no request was sent with it
            throw;
        }
        catch (ObjectDisposedException)
        {
            window?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    /// <summary>
    /// Takes a permit if one is free now and nobody queues before us (first come, first served stays); false
    /// otherwise (also when disposed), and then the caller waits with <see cref="WaitAsync"/>.
    /// </summary>
    public bool TryTakeNow()
    {
        RateLimitLease window;
        try
        {
            window = _window.AttemptAcquire(1);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        if (!window.IsAcquired)
        {
            window.Dispose();
            return false;
        }
        ReleaseLater(window, WindowHold);
        return true;
    }

    private void ReleaseLater(RateLimitLease lease, TimeSpan after)
    {
        ITimer? timer = null;
        var fired = 0;
        timer = _time.CreateTimer(_ =>
        {
            if (Interlocked.Exchange(ref fired, 1) == 1) return;
            lease.Dispose();
            // ReSharper disable once AccessToModifiedClosure: set before the timer can fire (due time > 0)
            if (timer is not null && _timers.TryRemove(timer, out var _)) timer.Dispose();
        }, null, after, Timeout.InfiniteTimeSpan);
        // Keep the timer referenced until it fires (an unreferenced System.Threading.Timer may be collected).
        _timers[timer] = 0;
        if (Volatile.Read(ref fired) == 1 && _timers.TryRemove(timer, out var _)) timer.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var timer in _timers.Keys) timer.Dispose();
        _timers.Clear();
        _window.Dispose();
    }
}
