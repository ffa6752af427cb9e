namespace Neo4jAura.Emulator.State;

/// <summary>Run-time settings, changeable over /_emulator/settings (snake_case in JSON).</summary>
public sealed class EmulatorSettings
{
    public double TransitionSeconds { get; set; } = 3;
    public double SnapshotSeconds { get; set; } = 3;
    public double TokenLifetimeSeconds { get; set; } = 3600;
    public int RateLimitPerMinute { get; set; } = 125;
    public int TokenLimitPerHour { get; set; } = 15;
    public int FailNextSnapshots { get; set; }

    public EmulatorSettings Clone() => (EmulatorSettings)MemberwiseClone();

    public static EmulatorSettings From(EmulatorOptions o) => new()
    {
        TransitionSeconds = o.TransitionTime.TotalSeconds,
        SnapshotSeconds = o.SnapshotTime.TotalSeconds,
        TokenLifetimeSeconds = o.TokenLifetime.TotalSeconds,
        RateLimitPerMinute = o.RateLimitPerMinute,
        TokenLimitPerHour = o.TokenLimitPerHour,
    };
}
