using System.Security.Cryptography;
using System.Text;

namespace Neo4jAura.Emulator.State;

/// <summary>A snapshot as the API shows it at one moment (scheduled ones are computed, on-demand ones stored).</summary>
public sealed record SnapshotRecord(
    string SnapshotId, string InstanceId, string Profile, string Kind, string Status, DateTimeOffset Timestamp, bool Exportable)
{
    public bool IsUsableForClone => Status == SnapshotStatus.Completed && Exportable;
}

/// <summary>
/// Scheduled snapshots, computed rather than stored: from the instance's creation time the plan takes one every hour
/// (Business Critical and Virtual Dedicated Cloud: a differential each hour, a full one every 24th hour) or one a day
/// (a full one, every 24 hours after creation). None is taken while the instance is paused, none is older than the
/// plan's restorable days, and a full one is exportable while it is younger than the plan's exportable days.
/// Ids are name-based UUIDs of (instance, kind, time), so the same snapshot keeps its id on every read.
/// </summary>
public static class SnapshotSchedule
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The scheduled snapshots with a timestamp in [from, to), newest first, as they are at <paramref name="now"/>.</summary>
    public static IEnumerable<SnapshotRecord> Between(
        InstanceState instance, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan snapshotTime,
        IReadOnlyDictionary<string, SnapshotState> overrides)
    {
        var plan = SnapshotPlan.For(instance.Type);
        if (!plan.Scheduled)
        {
            yield break;
        }

        var created = TruncateToSeconds(instance.CreatedAt);
        var step = plan.HourlyDifferential ? Hour : Day;
        var oldest = now - TimeSpan.FromDays(plan.RestorableDays);
        var start = Max(from, oldest);
        var end = Min(to, now + TimeSpan.FromTicks(1));
        if (end <= start)
        {
            yield break;
        }

        var last = (long)Math.Ceiling((end - created) / step) - 1;
        var first = Math.Max(1, (long)Math.Ceiling((start - created) / step));
        for (var k = last; k >= first; k--)
        {
            var timestamp = created + step * k;
            if (timestamp < start || timestamp >= end || instance.PausedIntervals.Any(p => p.Covers(timestamp)))
            {
                continue;
            }

            var full = !plan.HourlyDifferential || k % 24 == 0;
            yield return Record(instance.Id, full, timestamp, now, snapshotTime, plan, overrides);
        }
    }

    /// <summary>The scheduled snapshot with this id, if it is in the plan's retention window now.</summary>
    public static SnapshotRecord? Find(
        InstanceState instance, string snapshotId, DateTimeOffset now, TimeSpan snapshotTime,
        IReadOnlyDictionary<string, SnapshotState> overrides)
    {
        // A full one is named by its time: only that second needs computing.
        if (DateTimeOffset.TryParseExact(snapshotId, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
        {
            return Between(instance, at.AddSeconds(-1), at.AddSeconds(1), now, snapshotTime, overrides)
                .FirstOrDefault(s => s.Kind == SnapshotKind.Full && string.Equals(s.SnapshotId, snapshotId, StringComparison.Ordinal));
        }

        if (!Guid.TryParse(snapshotId, out _))
        {
            return null;
        }

        return Between(instance, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, now, snapshotTime, overrides)
            .FirstOrDefault(s => string.Equals(s.SnapshotId, snapshotId, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An on-demand snapshot as it is at <paramref name="now"/>; null once it is past the plan's retention.</summary>
    public static SnapshotRecord? OnDemand(InstanceState instance, SnapshotState snapshot, DateTimeOffset now)
    {
        var plan = SnapshotPlan.For(instance.Type);
        var age = now - snapshot.Timestamp;
        if (age >= TimeSpan.FromDays(Math.Max(plan.OnDemandDays, 1)))
        {
            return null;
        }

        var status = StatusAt(snapshot, now);
        var exportable = status == SnapshotStatus.Completed && snapshot.Kind == SnapshotKind.Full
            && age < TimeSpan.FromDays(plan.OnDemandDays);
        return new SnapshotRecord(snapshot.SnapshotId, snapshot.InstanceId, snapshot.Profile, snapshot.Kind, status,
            TruncateToSeconds(snapshot.Timestamp), exportable);
    }

    /// <summary>A stored snapshot's status: Pending for the first quarter of its run, then InProgress, then its outcome.</summary>
    public static string StatusAt(SnapshotState snapshot, DateTimeOffset now)
    {
        if (snapshot.StatusForced || snapshot.NextStatus is null || snapshot.NextStatusAt is not DateTimeOffset done)
        {
            return snapshot.Status;
        }

        if (now >= done)
        {
            return snapshot.NextStatus;
        }

        var quarter = (done - snapshot.Timestamp) / 4;
        return now - snapshot.Timestamp < quarter ? SnapshotStatus.Pending : SnapshotStatus.InProgress;
    }

    /// <summary>
    /// The id of the scheduled snapshot of <paramref name="instanceId"/> taken at <paramref name="timestamp"/>: a full
    /// one is named by its time, as Aura's examples show ('2023-01-20T13:44:42Z'; ids are per instance), a differential
    /// one by a UUID stable for the instance, kind and time.
    /// </summary>
    public static string ScheduledId(string instanceId, bool full, DateTimeOffset timestamp)
    {
        if (full) return timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"{instanceId}|{(full ? SnapshotKind.Full : SnapshotKind.Differential)}|{timestamp.UtcTicks}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static SnapshotRecord Record(
        string instanceId, bool full, DateTimeOffset timestamp, DateTimeOffset now, TimeSpan snapshotTime, SnapshotPlan plan,
        IReadOnlyDictionary<string, SnapshotState> overrides)
    {
        var id = ScheduledId(instanceId, full, timestamp);
        var status = overrides.TryGetValue(id, out var forced) ? forced.Status
            : now - timestamp < snapshotTime ? SnapshotStatus.InProgress
            : SnapshotStatus.Completed;
        var exportable = full && status == SnapshotStatus.Completed && now - timestamp < TimeSpan.FromDays(plan.ExportableDays);
        return new SnapshotRecord(id, instanceId, SnapshotProfile.Scheduled, full ? SnapshotKind.Full : SnapshotKind.Differential,
            status, timestamp, exportable);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
