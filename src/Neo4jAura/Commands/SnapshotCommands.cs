using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Completers;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;

namespace Neo4jAura.Commands;

/// <summary>How a snapshot was taken.</summary>
public enum AuraSnapshotProfile
{
    /// <summary>On demand (New-AuraSnapshot, the console's "Take snapshot").</summary>
    AdHoc,
    /// <summary>By Aura's schedule for the plan (daily, and hourly for Business Critical and Virtual Dedicated Cloud).</summary>
    Scheduled,
}

/// <summary>
/// Gets the snapshots of an instance, newest first, with the console's filters. The API lists one UTC day per request:
/// today by default, -Date for another day, -Since for every day since a date, -Latest looks back day by day.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AuraSnapshot", DefaultParameterSetName = DaySet)]
[OutputType(typeof(AuraSnapshot))]
public sealed class GetAuraSnapshotCommand : AuraApiCmdlet
{
    private const string DaySet = "Day";
    private const string SinceSet = "Since";
    /// <summary>How far -Latest looks back (days, today included).</summary>
    internal const int LatestLookBackDays = 30;
    /// <summary>Aura keeps no snapshot longer (on-demand snapshots of Virtual Dedicated Cloud and AuraDS Enterprise).</summary>
    internal const int RetentionDays = 90;

    /// <summary>The instance whose snapshots to get.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Particular snapshots to get (one request each).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotIdCompleter))]
    public string[]? SnapshotId { get; set; }

    /// <summary>The (UTC) day to list; default today.</summary>
    [Parameter(ParameterSetName = DaySet)]
    public DateTime? Date { get; set; }

    /// <summary>Every snapshot taken at or after this time (one request per day up to today).</summary>
    [Parameter(ParameterSetName = SinceSet)]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only the newest (by Timestamp) after the other filters; without -Date or -Since it looks back up to 30 days.</summary>
    [Parameter] public SwitchParameter Latest { get; set; }

    /// <summary>Only snapshots with this status (Completed, InProgress, Pending, Failed, Cancelled).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotStatusCompleter))]
    public string? Status { get; set; }

    /// <summary>Only on-demand (AdHoc) or scheduled snapshots.</summary>
    [Parameter] public AuraSnapshotProfile? Profile { get; set; }

    /// <summary>Only exportable snapshots (the console's "Show exportable only": what a new instance can be made from).</summary>
    [Parameter] public SwitchParameter Exportable { get; set; }

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var instanceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var status = Status?.Trim();
        var profile = Profile?.ToString();
        Func<AuraSnapshot, bool> wanted = s => Matches(s, status, profile, Exportable, Since);

        if (SnapshotId is not null)
        {
            var found = new List<AuraSnapshot>();
            foreach (var raw in SnapshotId)
            {
                try
                {
                    var snapshotId = InputRules.Id(raw, nameof(SnapshotId));
                    found.Add(Await(ct => Client.Snapshots.GetAsync(instanceId, snapshotId, ct)));
                }
                catch (AuraApiException ex)
                {
                    WriteError(ex.ToErrorRecord(raw));
                }
            }
            Emit(Newest(found.Where(wanted), Latest));
            return;
        }

        var today = Time.GetUtcNow().UtcDateTime.Date;
        if (Since is { } since)
        {
            var first = since.UtcDateTime.Date;
            if (first > today) return;
            if ((today - first).TotalDays >= RetentionDays)
            {
                Warn($"Aura keeps snapshots at most {RetentionDays} days: listing from {today.AddDays(1 - RetentionDays):yyyy-MM-dd}, not {first:yyyy-MM-dd}.");
                first = today.AddDays(1 - RetentionDays);
            }
            var days = Enumerable.Range(0, (int)(today - first).TotalDays + 1).Select(d => first.AddDays(d)).ToList();
            if (Latest)
            {
                // Newest day first, stopping at the first that has a match: the fewest requests.
                Emit(LookBack(instanceId, days.AsEnumerable().Reverse(), wanted));
                return;
            }
            var all = new List<AuraSnapshot>();
            foreach (var day in days) all.AddRange(ListDay(instanceId, day).Where(wanted)); // oldest day first
            Emit(Newest(all, latest: false));
            return;
        }

        if (Date is null && Latest)
        {
            Emit(LookBack(instanceId, Enumerable.Range(0, LatestLookBackDays).Select(d => today.AddDays(-d)), wanted));
            return;
        }
        var listDay = Date is { } date ? (date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : date).Date : today;
        Emit(Newest(ListDay(instanceId, listDay).Where(wanted), Latest));
    }

    /// <summary>One day's snapshots (null for today: what the API lists without a date).</summary>
    private IReadOnlyList<AuraSnapshot> ListDay(string instanceId, DateTime day)
    {
        var isToday = day == Time.GetUtcNow().UtcDateTime.Date;
        var listed = Await(ct => Client.Snapshots.ListAsync(instanceId, isToday ? null : day, ct));
        AuraCache.RememberSnapshots(Conn, instanceId, listed);
        return listed;
    }

    /// <summary>The newest match of the first day (in the order given) that has one.</summary>
    private IEnumerable<AuraSnapshot> LookBack(string instanceId, IEnumerable<DateTime> days, Func<AuraSnapshot, bool> wanted)
    {
        foreach (var day in days)
        {
            var hit = Newest(ListDay(instanceId, day).Where(wanted), latest: true).ToList();
            if (hit.Count > 0) return hit;
        }
        return Array.Empty<AuraSnapshot>();
    }

    private void Emit(IEnumerable<AuraSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots) WriteObject(AuraOutput.Wrap(snapshot));
    }

    internal static bool Matches(AuraSnapshot s, string? status, string? profile, bool exportable, DateTimeOffset? since)
        => (status is null || string.Equals(s.Status, status, StringComparison.OrdinalIgnoreCase))
           && (profile is null || string.Equals(s.Profile, profile, StringComparison.OrdinalIgnoreCase))
           && (!exportable || s.Exportable == true)
           && (since is null || (s.Timestamp is { } t && t >= since.Value));

    /// <summary>Newest first (by Timestamp); -Latest keeps the first.</summary>
    internal static IEnumerable<AuraSnapshot> Newest(IEnumerable<AuraSnapshot> snapshots, bool latest)
    {
        var ordered = snapshots
            .OrderByDescending(s => s.Timestamp ?? DateTimeOffset.MinValue)
            .ThenBy(s => s.SnapshotId, StringComparer.Ordinal);
        return latest ? ordered.Take(1) : ordered;
    }
}

/// <summary>Takes an on-demand snapshot of an instance.</summary>
[Cmdlet(VerbsCommon.New, "AuraSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(AuraSnapshot))]
public sealed class NewAuraSnapshotCommand : AuraOperationCmdlet<AuraSnapshot>
{
    /// <summary>The instance to snapshot.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>Snapshots waited for at once (default 50).</summary>
    [Parameter][ValidateRange(1, 1000)] public int ThrottleLimit { get; set; } = 50;

    internal override CmdletWaiter<AuraSnapshot> CreateWaiter() => SnapshotWaiter(ThrottleLimit);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var id = InputRules.Id(InstanceId, nameof(InstanceId));
        var name = AuraCache.FindInstance(Conn, id, AuraCache.LabelMaxAge)?.Name;
        MakeRoomIfWaiting();
        if (!ShouldProceed(AuraText.Instance(id, name), "Take a snapshot", force: false)) return;

        var snapshot = Await(ct => Client.Snapshots.CreateAsync(id, ct));
        if (Wait)
        {
            AddWait(SnapshotWait(id, snapshot.SnapshotId, name, snapshot, null, snapshot));
            return;
        }
        // The API answers only the id: read the snapshot once for its status and time (if that fails, what is known).
        try
        {
            snapshot = Await(ct => Client.Snapshots.GetAsync(id, snapshot.SnapshotId, ct));
        }
        catch (AuraApiException ex)
        {
            WriteVerbose($"Snapshot {snapshot.SnapshotId} of {AuraText.Instance(id, name)} was taken; reading it back failed ({ex.Message}).");
        }
        WriteObject(AuraOutput.Wrap(snapshot));
    }
}

/// <summary>Waits until snapshots are Completed; a Failed or Cancelled one is an error carrying the snapshot.</summary>
[Cmdlet(VerbsLifecycle.Wait, "AuraSnapshot")]
[OutputType(typeof(AuraSnapshot))]
public sealed class WaitAuraSnapshotCommand : AuraWaitingCmdlet<AuraSnapshot>
{
    /// <summary>The instance the snapshot belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(InstanceIdCompleter))]
    public string InstanceId { get; set; } = "";

    /// <summary>The snapshots to wait for.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SnapshotIdCompleter))]
    public string[] SnapshotId { get; set; } = Array.Empty<string>();

    internal override CmdletWaiter<AuraSnapshot> CreateWaiter() => SnapshotWaiter(1000);

    protected override void Execute()
    {
        CurrentTarget = InstanceId;
        var instanceId = InputRules.Id(InstanceId, nameof(InstanceId));
        var name = AuraCache.FindInstance(Conn, instanceId, AuraCache.LabelMaxAge)?.Name;
        foreach (var raw in SnapshotId)
        {
            try
            {
                var snapshotId = InputRules.Id(raw, nameof(SnapshotId));
                MakeRoom();
                var known = new AuraSnapshot { InstanceId = instanceId, SnapshotId = snapshotId };
                AddWait(SnapshotWait(instanceId, snapshotId, name, known, null, known), pollNow: true);
            }
            catch (AuraApiException ex)
            {
                WriteError(ex.ToErrorRecord(raw));
            }
        }
    }
}
