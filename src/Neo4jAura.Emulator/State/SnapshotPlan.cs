namespace Neo4jAura.Emulator.State;

/// <summary>
/// What a plan (instance type) does with snapshots: scheduled ones (a daily full, and for Business Critical and
/// Virtual Dedicated Cloud an hourly differential), how many days scheduled snapshots stay restorable (listed) and
/// exportable, and how many days on-demand snapshots stay restorable and exportable. Free has none of them.
/// </summary>
public sealed record SnapshotPlan(bool Scheduled, bool HourlyDifferential, int RestorableDays, int ExportableDays, int OnDemandDays)
{
    private static readonly SnapshotPlan None = new(false, false, 0, 0, 0);

    private static readonly Dictionary<string, SnapshotPlan> Plans = new(StringComparer.Ordinal)
    {
        [InstanceType.FreeDb] = None,
        [InstanceType.ProfessionalDb] = new(true, false, 7, 7, 7),
        [InstanceType.BusinessCritical] = new(true, true, 30, 30, 30),
        [InstanceType.EnterpriseDb] = new(true, true, 60, 60, 90),
        [InstanceType.ProfessionalDs] = new(true, false, 7, 7, 30),
        [InstanceType.EnterpriseDs] = new(true, false, 14, 7, 90),
    };

    /// <summary>The plan of an instance type (an unknown type takes no snapshots).</summary>
    public static SnapshotPlan For(string type) => Plans.TryGetValue(type, out var plan) ? plan : None;

    /// <summary>Whether the plan takes on-demand snapshots at all (AuraDB Free does not).</summary>
    public bool OnDemand => OnDemandDays > 0;

    /// <summary>The longest any snapshot of this plan stays listed.</summary>
    public TimeSpan LongestRetention => TimeSpan.FromDays(Math.Max(RestorableDays, OnDemandDays));
}
