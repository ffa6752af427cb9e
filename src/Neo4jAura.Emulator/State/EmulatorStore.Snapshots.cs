using Neo4jAura.Emulator.Api;

namespace Neo4jAura.Emulator.State;

/// <summary>Snapshots: the computed scheduled ones and the stored on-demand ones, listed one UTC day at a time.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>The instance's snapshots with a timestamp on <paramref name="day"/> (UTC), newest first.</summary>
    public List<SnapshotRecord> ListSnapshots(string instanceId, DateOnly day)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return SnapshotsBetween(instance, from, from.AddDays(1)).ToList();
        }
    }

    public SnapshotRecord GetSnapshot(string instanceId, string snapshotId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            return FindSnapshotLocked(instance, snapshotId) ?? throw ApiException.SnapshotNotFound(snapshotId);
        }
    }

    /// <summary>POST /instances/{id}/snapshots: starts an on-demand snapshot and returns its id.</summary>
    public string CreateSnapshot(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (settings.SnapshotsPaymentRequired)
            {
                throw new ApiException(402, "Payment required: on-demand snapshots are not available on this project's plan.",
                    Reasons.PaymentRequired);
            }

            if (!SnapshotPlan.For(instance.Type).OnDemand)
            {
                throw new ApiException(402, $"On-demand snapshots are not available for {instance.Type} instances.", Reasons.PaymentRequired);
            }

            RequireStatus(instance, InstanceStatus.Running, 409, "be snapshotted");
            var fail = settings.FailNextSnapshots > 0;
            if (fail)
            {
                settings.FailNextSnapshots--;
            }

            var snapshot = TakeOnDemandSnapshot(instance, fail);
            Changed();
            return snapshot.SnapshotId;
        }
    }

    public SnapshotRecord ForceSnapshotStatus(string instanceId, string snapshotId, string status)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            var current = FindSnapshotLocked(instance, snapshotId) ?? throw ApiException.SnapshotNotFound(snapshotId);
            var stored = state.Snapshots.FirstOrDefault(s => s.InstanceId == instanceId && s.SnapshotId == current.SnapshotId);
            if (stored is null)
            {
                stored = new SnapshotState
                {
                    SnapshotId = current.SnapshotId,
                    InstanceId = instanceId,
                    Profile = current.Profile,
                    Kind = current.Kind,
                    Timestamp = current.Timestamp,
                };
                state.Snapshots.Add(stored);
            }

            stored.Status = status;
            stored.NextStatus = null;
            stored.NextStatusAt = null;
            stored.StatusForced = true;
            Changed();
            return FindSnapshotLocked(instance, snapshotId)!;
        }
    }

    private SnapshotState TakeOnDemandSnapshot(InstanceState instance, bool fail)
    {
        var now = SnapshotSchedule.TruncateToSeconds(Now);
        var snapshot = new SnapshotState
        {
            SnapshotId = Guid.NewGuid().ToString(),
            InstanceId = instance.Id,
            Profile = SnapshotProfile.AdHoc,
            Kind = SnapshotKind.Full,
            Status = SnapshotStatus.Pending,
            Timestamp = now,
            NextStatus = fail ? SnapshotStatus.Failed : SnapshotStatus.Completed,
            NextStatusAt = now + SnapshotTime,
        };
        state.Snapshots.Add(snapshot);
        return snapshot;
    }

    private IEnumerable<SnapshotRecord> SnapshotsBetween(InstanceState instance, DateTimeOffset from, DateTimeOffset to)
    {
        var now = Now;
        var onDemand = state.Snapshots
            .Where(s => s.InstanceId == instance.Id && s.Profile == SnapshotProfile.AdHoc && s.Timestamp >= from && s.Timestamp < to)
            .Select(s => SnapshotSchedule.OnDemand(instance, s, now))
            .OfType<SnapshotRecord>();
        return SnapshotSchedule.Between(instance, from, to, now, SnapshotTime, Overrides(instance.Id))
            .Concat(onDemand)
            .OrderByDescending(s => s.Timestamp)
            .ThenBy(s => s.SnapshotId, StringComparer.Ordinal)
            .ToList();
    }

    private SnapshotRecord? FindSnapshotLocked(InstanceState instance, string snapshotId)
    {
        var stored = state.Snapshots.FirstOrDefault(s =>
            s.InstanceId == instance.Id && s.Profile == SnapshotProfile.AdHoc && string.Equals(s.SnapshotId, snapshotId, StringComparison.OrdinalIgnoreCase));
        var now = Now;
        return stored is not null
            ? SnapshotSchedule.OnDemand(instance, stored, now)
            : SnapshotSchedule.Find(instance, snapshotId, now, SnapshotTime, Overrides(instance.Id));
    }

    private Dictionary<string, SnapshotState> Overrides(string instanceId) =>
        state.Snapshots
            .Where(s => s.InstanceId == instanceId && s.Profile == SnapshotProfile.Scheduled)
            .ToDictionary(s => s.SnapshotId, StringComparer.OrdinalIgnoreCase);

    /// <summary>Settles finished on-demand snapshots and forgets those (and forced scheduled ones) past retention.</summary>
    private bool AdvanceSnapshots(DateTimeOffset now)
    {
        var changed = false;
        foreach (var snapshot in state.Snapshots.ToList())
        {
            var instance = state.Instances.FirstOrDefault(i => i.Id == snapshot.InstanceId);
            var retention = instance is null ? TimeSpan.Zero
                : snapshot.Profile == SnapshotProfile.AdHoc ? TimeSpan.FromDays(SnapshotPlan.For(instance.Type).OnDemandDays)
                : TimeSpan.FromDays(SnapshotPlan.For(instance.Type).RestorableDays);
            if (now - snapshot.Timestamp >= retention)
            {
                state.Snapshots.Remove(snapshot);
                changed = true;
                continue;
            }

            if (!snapshot.StatusForced && snapshot.NextStatus is not null && snapshot.NextStatusAt <= now)
            {
                snapshot.Status = snapshot.NextStatus;
                snapshot.NextStatus = null;
                snapshot.NextStatusAt = null;
                changed = true;
            }
        }

        return changed;
    }
}
