namespace Neo4jAura.Emulator.Pipeline;

/// <summary>
/// An exact sliding-window limit per key: at most N accepted requests in any window.
/// Refused requests are not counted. Retry-After is the whole seconds until the oldest counted request leaves the window.
/// </summary>
public sealed class SlidingWindowRateLimiter
{
    private readonly object gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> windows = new(StringComparer.Ordinal);

    public SlidingWindowRateLimiter(TimeSpan window) => Window = window;

    public TimeSpan Window { get; }

    /// <summary>Counts a request for <paramref name="key"/> when the limit allows it; a limit of 0 or less is off.</summary>
    public bool TryAcquire(string key, int limit, DateTimeOffset now, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (limit <= 0)
        {
            return true;
        }

        lock (gate)
        {
            if (!windows.TryGetValue(key, out var times))
            {
                times = new Queue<DateTimeOffset>();
                windows[key] = times;
            }

            while (times.Count > 0 && times.Peek() + Window <= now)
            {
                times.Dequeue();
            }

            if (times.Count < limit)
            {
                times.Enqueue(now);
                return true;
            }

            // The slot frees when enough of the oldest requests have left the window.
            var freeingIndex = times.Count - limit;
            var freesAt = times.ElementAt(freeingIndex) + Window;
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((freesAt - now).TotalSeconds));
            return false;
        }
    }

    /// <summary>How many requests of <paramref name="key"/> are counted in the window ending now.</summary>
    public int Count(string key, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!windows.TryGetValue(key, out var times))
            {
                return 0;
            }

            return times.Count(t => t + Window > now);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            windows.Clear();
        }
    }
}
