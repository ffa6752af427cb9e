using System.Globalization;

namespace Neo4jAura.Emulator.State;

/// <summary>Run-time settings and switches, changeable over /_emulator/settings (snake_case in JSON).</summary>
public sealed class EmulatorSettings
{
    /// <summary>Instance transitions (pausing, resuming, updating, destroying, restoring, overwriting), keys and sessions.</summary>
    public double TransitionSeconds { get; set; } = 3;

    /// <summary>Creating a new instance or a clone.</summary>
    public double CreationSeconds { get; set; } = 3;

    /// <summary>An on-demand snapshot's run (Pending, InProgress, then Completed); also how long a scheduled one is InProgress.</summary>
    public double SnapshotSeconds { get; set; } = 3;

    public double TokenLifetimeSeconds { get; set; } = 3600;
    public int RateLimitPerMinute { get; set; } = 125;
    public int TokenLimitPerHour { get; set; } = 15;

    /// <summary>The next N on-demand snapshots end Failed.</summary>
    public int FailNextSnapshots { get; set; }

    /// <summary>The next N clones (POST /instances with source_instance_id) end 'loading failed' and stay there.</summary>
    public int FailNextClones { get; set; }

    /// <summary>Instances a tenant may hold; creating more answers 405. 0 = no limit.</summary>
    public int InstanceLimit { get; set; }

    /// <summary>Creating an instance answers 400 missing-billing-details.</summary>
    public bool MissingBillingDetails { get; set; }

    /// <summary>Taking an on-demand snapshot answers 402.</summary>
    public bool SnapshotsPaymentRequired { get; set; }

    /// <summary>When set, every /v1 answer carries X-Tyk-Api-Expires with this date (format 'ddd, dd MMM yyyy HH:mm:ss UTC').</summary>
    public string? ApiExpires { get; set; }

    /// <summary>seconds (default) or http-date: how every Retry-After header is written.</summary>
    public string RetryAfterFormat { get; set; } = RetryAfterFormats.Seconds;

    public EmulatorSettings Clone() => (EmulatorSettings)MemberwiseClone();

    public static EmulatorSettings From(EmulatorOptions o) => new()
    {
        TransitionSeconds = o.TransitionTime.TotalSeconds,
        CreationSeconds = (o.CreationTime ?? o.TransitionTime).TotalSeconds,
        SnapshotSeconds = o.SnapshotTime.TotalSeconds,
        TokenLifetimeSeconds = o.TokenLifetime.TotalSeconds,
        RateLimitPerMinute = o.RateLimitPerMinute,
        TokenLimitPerHour = o.TokenLimitPerHour,
    };

    /// <summary>The date an X-Tyk-Api-Expires header carries: 'Mon, 03 Mar 2025 00:00:00 UTC'.</summary>
    public static string FormatExpiry(DateTimeOffset date) =>
        date.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Reads a date (ISO 8601, RFC 1123, or the header's own format) for X-Tyk-Api-Expires.</summary>
    public static bool TryParseExpiry(string text, out DateTimeOffset date)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith(" UTC", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^4] + " GMT";
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
    }
}

public static class RetryAfterFormats
{
    public const string Seconds = "seconds";
    public const string HttpDate = "http-date";
}

/// <summary>Bounds every duration and count the emulator takes, on the command line and over the control endpoint.</summary>
public static class Limits
{
    /// <summary>The longest duration (a day); anything longer would only be a mistake, and huge values overflow.</summary>
    public const double MaxSeconds = 86_400;

    public const int MaxCount = 1_000_000;

    /// <summary>The furthest one POST /_emulator/clock may move the clock (a year).</summary>
    public const double MaxClockAdvanceSeconds = 366 * 86_400;

    /// <summary>Request bodies (API and control) larger than this answer 413.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>An oversized body is read and dropped up to this size before the 413; a larger one ends with a reset connection.</summary>
    public const long MaxDrainBytes = 16L << 20;

    /// <summary>The longest fault-rule path glob.</summary>
    public const int MaxGlobLength = 256;

    /// <summary>Null when <paramref name="seconds"/> is a usable duration, else why not.</summary>
    public static string? CheckSeconds(string name, double seconds) =>
        double.IsFinite(seconds) && seconds >= 0 && seconds <= MaxSeconds
            ? null
            : $"{name} must be a number of seconds from 0 to {MaxSeconds:0} (a day), not {seconds.ToString(CultureInfo.InvariantCulture)}.";

    public static string? CheckCount(string name, double count) =>
        double.IsFinite(count) && count >= 0 && count <= MaxCount && count == Math.Floor(count)
            ? null
            : $"{name} must be a whole number from 0 to {MaxCount}, not {count.ToString(CultureInfo.InvariantCulture)}.";
}
