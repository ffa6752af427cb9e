namespace Neo4jAura.Emulator.Pipeline;

/// <summary>
/// The emulator's clock: the configured <see cref="TimeProvider"/> moved ahead by <see cref="Offset"/> (time travel
/// over POST /_emulator/clock). Everything that reads the time (status changes, scheduled snapshots, retention,
/// token expiry, rate limits, the request log) reads it here, so one move affects all of them alike.
/// </summary>
public sealed class EmulatorClock : TimeProvider
{
    private readonly TimeProvider inner;
    private long offsetTicks;

    public EmulatorClock(TimeProvider inner) => this.inner = inner ?? System;

    /// <summary>How far the clock runs ahead of the underlying one; never negative.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
        set => Interlocked.Exchange(ref offsetTicks, Math.Max(0, value.Ticks));
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    /// <summary>The configured clock's time, without time travel (what a client's own clock shows).</summary>
    public DateTimeOffset WallClockNow => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
}
