using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>
/// Keeps the API requests of one (base URI, client id) under a number per any 60 seconds, for the whole process.
/// A token bucket (System.Threading.RateLimiting) of <see cref="Burst"/> permits, refilled one permit every
/// <see cref="Period"/> by a timer of the given TimeProvider (so a fake clock drives it in tests). Waiters queue
/// first come, first served.
/// </summary>
/// <remarks>
/// Bound: any 60-second window (closed at both ends) holds at most Burst + (60 s / Period + 1) requests, and
/// Period = 60 s / (RequestsPerMinute - Burst - 1), so that is at most RequestsPerMinute. With the default 120 a
/// minute: a burst of 10, then one request every 60/109 s (about 0.55 s), 109 a minute sustained.
/// </remarks>
internal sealed class AuraRequestPacer : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;
    private readonly ITimer _timer;
    private int _retired;

    public AuraRequestPacer(int requestsPerMinute, TimeProvider timeProvider)
    {
        if (requestsPerMinute < 1) throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), "At least one request a minute.");
        RequestsPerMinute = requestsPerMinute;
        Burst = Math.Max(1, Math.Min(10, requestsPerMinute / 4));
        var refills = Math.Max(1, requestsPerMinute - Burst - 1);
        // At least 1 ms: System.Threading.Timer counts whole milliseconds, and a period under 1 ms becomes 0, which
        // makes the timer fire once and never again (above ~60,000 a minute the pacer would stop after the burst).
        // A longer period only means fewer refills, so the bound below still holds.
        Period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, TimeSpan.FromMinutes(1).Ticks / refills));
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = Period,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _timer = timeProvider.CreateTimer(static s => ((AuraRequestPacer)s!).Tick(), this, Period, Period);
    }

    public int RequestsPerMinute { get; }
    public int Burst { get; }
    public TimeSpan Period { get; }

    /// <summary>Requests waiting for a permit.</summary>
    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// Waits for a permit (first come, first served); cancellation ends the wait at once. False when this pacer was
    /// retired and stopped meanwhile: the caller asks the current one.
    /// </summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            return lease.IsAcquired;
        }
        catch (ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private void Tick()
    {
        _limiter.TryReplenish();
        if (Volatile.Read(ref _retired) == 1 && Queued == 0) Dispose();
    }

    /// <summary>Replaced by a pacer with another rate: serve the requests still queued here, then stop.</summary>
    public void Retire()
    {
        Volatile.Write(ref _retired, 1);
        if (Queued == 0) Dispose();
    }

    public void Dispose()
    {
        _timer.Dispose();
        _limiter.Dispose();
    }
}
