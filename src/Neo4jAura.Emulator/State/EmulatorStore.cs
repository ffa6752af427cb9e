using System.Security.Cryptography;
using Neo4jAura.Emulator.Api;

namespace Neo4jAura.Emulator.State;

/// <summary>The validated fields of a create or restore request.</summary>
public sealed record NewInstanceRequest(
    string Name, string Memory, string Region, string CloudProvider, string Type, string TenantId, string? Version = null);

/// <summary>
/// The emulated Aura account: tenants, instances and snapshots, with their status machines.
/// Status changes are computed lazily from timestamps on every access, so they are right whenever read;
/// a status forced over the control endpoint is held until an operation or the control endpoint changes it.
/// Every method is thread-safe; what it returns is a copy.
/// </summary>
public sealed class EmulatorStore
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly Func<DateTimeOffset, StateDocument> seedFactory;
    private readonly EmulatorSettings initialSettings;
    private readonly Action<StateDocument>? persist;
    private StateDocument state;
    private EmulatorSettings settings;

    public EmulatorStore(
        TimeProvider time,
        Func<DateTimeOffset, StateDocument> seedFactory,
        EmulatorSettings initialSettings,
        StateDocument? initialState = null,
        Action<StateDocument>? persist = null)
    {
        this.time = time;
        this.seedFactory = seedFactory;
        this.initialSettings = initialSettings.Clone();
        this.persist = persist;
        settings = initialSettings.Clone();
        state = initialState ?? seedFactory(time.GetUtcNow());
    }

    public DateTimeOffset Now => time.GetUtcNow();

    // ---------------------------------------------------------------- settings

    public EmulatorSettings Settings
    {
        get
        {
            lock (gate)
            {
                return settings.Clone();
            }
        }
    }

    public EmulatorSettings UpdateSettings(Action<EmulatorSettings> change)
    {
        lock (gate)
        {
            var copy = settings.Clone();
            change(copy);
            settings = copy;
            return settings.Clone();
        }
    }

    // ---------------------------------------------------------------- reads

    public List<TenantState> ListTenants()
    {
        lock (gate)
        {
            return state.Tenants.Select(t => t.Clone()).ToList();
        }
    }

    public TenantState GetTenant(string tenantId)
    {
        lock (gate)
        {
            return (FindTenant(tenantId) ?? throw ApiException.NotFound($"Tenant '{tenantId}' was not found.")).Clone();
        }
    }

    public List<InstanceState> ListInstances(string? tenantId = null)
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.Instances
                .Where(i => tenantId is null || i.TenantId == tenantId)
                .Select(i => i.Clone())
                .ToList();
        }
    }

    public InstanceState GetInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            return RequireInstance(instanceId).Clone();
        }
    }

    /// <summary>The instance, or null when it does not exist (for tests and the control API).</summary>
    public InstanceState? FindInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.Instances.FirstOrDefault(i => i.Id == instanceId)?.Clone();
        }
    }

    public List<SnapshotState> ListSnapshots(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            RequireInstance(instanceId);
            return state.Snapshots
                .Where(s => s.InstanceId == instanceId)
                .OrderByDescending(s => s.Timestamp)
                .Select(s => s.Clone())
                .ToList();
        }
    }

    public SnapshotState GetSnapshot(string instanceId, string snapshotId)
    {
        lock (gate)
        {
            AdvanceLocked();
            RequireInstance(instanceId);
            return RequireSnapshot(instanceId, snapshotId).Clone();
        }
    }

    /// <summary>A copy of the whole state (after applying due status changes).</summary>
    public StateDocument Export()
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.Clone();
        }
    }

    // ---------------------------------------------------------------- instance operations

    public (InstanceState Instance, string Password) CreateInstance(NewInstanceRequest request)
    {
        lock (gate)
        {
            AdvanceLocked();
            var tenant = RequireOfferedConfiguration(request);
            var instance = NewInstance(request, tenant.Id, InstanceStatus.Creating);
            if (!string.IsNullOrEmpty(request.Version))
            {
                instance.Neo4jVersion = request.Version!;
            }

            state.Instances.Add(instance);
            Changed();
            return (instance.Clone(), NewPassword());
        }
    }

    public InstanceState UpdateInstance(string instanceId, string? name, string? memory)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (instance.Status != InstanceStatus.Running)
            {
                throw ApiException.InvalidState(
                    $"Instance '{instanceId}' is {instance.Status}; it can be updated only when it is running.");
            }

            if (name is not null)
            {
                instance.Name = name;
            }

            if (memory is not null && memory != instance.Memory)
            {
                instance.Memory = memory;
                instance.Storage = StorageFor(memory);
                StartTransition(instance, InstanceStatus.Updating, InstanceStatus.Running);
            }

            Changed();
            return instance.Clone();
        }
    }

    public InstanceState DeleteInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (instance.Status == InstanceStatus.Destroying)
            {
                throw ApiException.InvalidState($"Instance '{instanceId}' is already destroying.");
            }

            StartTransition(instance, InstanceStatus.Destroying, InstanceStatus.Destroyed);
            Changed();
            return instance.Clone();
        }
    }

    public InstanceState PauseInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (instance.Status != InstanceStatus.Running)
            {
                throw ApiException.InvalidState(
                    $"Instance '{instanceId}' is {instance.Status}; only a running instance can be paused.");
            }

            StartTransition(instance, InstanceStatus.Pausing, InstanceStatus.Paused);
            Changed();
            return instance.Clone();
        }
    }

    public InstanceState ResumeInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (instance.Status != InstanceStatus.Paused)
            {
                throw ApiException.InvalidState(
                    $"Instance '{instanceId}' is {instance.Status}; only a paused instance can be resumed.");
            }

            StartTransition(instance, InstanceStatus.Resuming, InstanceStatus.Running);
            Changed();
            return instance.Clone();
        }
    }

    public InstanceState OverwriteInstance(string targetInstanceId, string sourceInstanceId, string sourceSnapshotId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var target = RequireInstance(targetInstanceId);
            if (state.Instances.All(i => i.Id != sourceInstanceId))
            {
                throw new ApiException(404, $"Source instance '{sourceInstanceId}' was not found.", Reasons.NotFound, "source_instance_id");
            }

            var snapshot = state.Snapshots.FirstOrDefault(s => s.SnapshotId == sourceSnapshotId)
                ?? throw new ApiException(404, $"Snapshot '{sourceSnapshotId}' was not found.", Reasons.NotFound, "source_snapshot_id");
            if (snapshot.InstanceId != sourceInstanceId)
            {
                throw ApiException.BadRequest(
                    $"Snapshot '{sourceSnapshotId}' does not belong to instance '{sourceInstanceId}'.", Reasons.InvalidValue, "source_snapshot_id");
            }

            if (snapshot.Status != SnapshotStatus.Completed)
            {
                throw new ApiException(400,
                    $"Snapshot '{sourceSnapshotId}' is {snapshot.Status}; only a Completed snapshot can be used.", Reasons.InvalidState, "source_snapshot_id");
            }

            if (target.Status != InstanceStatus.Running)
            {
                throw ApiException.InvalidState(
                    $"Instance '{targetInstanceId}' is {target.Status}; only a running instance can be overwritten.");
            }

            StartTransition(target, InstanceStatus.Loading, InstanceStatus.Running);
            Changed();
            return target.Clone();
        }
    }

    // ---------------------------------------------------------------- snapshot operations

    public SnapshotState CreateSnapshot(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (instance.Status != InstanceStatus.Running)
            {
                throw ApiException.InvalidState(
                    $"Instance '{instanceId}' is {instance.Status}; a snapshot can be taken only of a running instance.");
            }

            var now = Now;
            var fail = settings.FailNextSnapshots > 0;
            if (fail)
            {
                settings.FailNextSnapshots--;
            }

            var snapshot = new SnapshotState
            {
                SnapshotId = Guid.NewGuid().ToString(),
                InstanceId = instanceId,
                Status = SnapshotStatus.InProgress,
                Timestamp = now,
                Exportable = false,
                Profile = "AdHoc",
                NextStatus = fail ? SnapshotStatus.Failed : SnapshotStatus.Completed,
                NextStatusAt = now + TimeSpan.FromSeconds(settings.SnapshotSeconds),
            };
            state.Snapshots.Add(snapshot);
            AdvanceLocked();
            Changed();
            return snapshot.Clone();
        }
    }

    public (InstanceState Instance, string Password) RestoreSnapshot(string instanceId, string snapshotId, NewInstanceRequest request)
    {
        lock (gate)
        {
            AdvanceLocked();
            RequireInstance(instanceId);
            var snapshot = RequireSnapshot(instanceId, snapshotId);
            if (snapshot.Status != SnapshotStatus.Completed)
            {
                throw ApiException.InvalidState(
                    $"Snapshot '{snapshotId}' is {snapshot.Status}; only a Completed snapshot can be restored.");
            }

            var tenant = RequireOfferedConfiguration(request);
            var instance = NewInstance(request, tenant.Id, InstanceStatus.Restoring);
            var source = state.Instances.First(i => i.Id == instanceId);
            instance.Neo4jVersion = source.Neo4jVersion;
            state.Instances.Add(instance);
            Changed();
            return (instance.Clone(), NewPassword());
        }
    }

    // ---------------------------------------------------------------- control

    /// <summary>Back to the seed state and the start-up settings.</summary>
    public void Reset()
    {
        lock (gate)
        {
            state = seedFactory(Now);
            settings = initialSettings.Clone();
            Changed();
        }
    }

    public InstanceState ForceInstanceStatus(string instanceId, string status)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            instance.Status = status;
            instance.NextStatus = null;
            instance.NextStatusAt = null;
            instance.StatusForced = true;
            Changed();
            return instance.Clone();
        }
    }

    public SnapshotState ForceSnapshotStatus(string instanceId, string snapshotId, string status)
    {
        lock (gate)
        {
            AdvanceLocked();
            RequireInstance(instanceId);
            var snapshot = RequireSnapshot(instanceId, snapshotId);
            snapshot.Status = status;
            snapshot.NextStatus = null;
            snapshot.NextStatusAt = null;
            snapshot.StatusForced = true;
            snapshot.Exportable = status == SnapshotStatus.Completed && snapshot.Exportable;
            Changed();
            return snapshot.Clone();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void StartTransition(InstanceState instance, string during, string then)
    {
        instance.Status = during;
        instance.StatusForced = false;
        instance.NextStatus = then;
        instance.NextStatusAt = Now + TimeSpan.FromSeconds(settings.TransitionSeconds);
    }

    private InstanceState NewInstance(NewInstanceRequest request, string tenantId, string status)
    {
        var id = NewInstanceId();
        var instance = new InstanceState
        {
            Id = id,
            Name = request.Name,
            TenantId = tenantId,
            CloudProvider = request.CloudProvider,
            Region = request.Region,
            Type = request.Type,
            Memory = request.Memory,
            Storage = StorageFor(request.Memory),
            ConnectionUrl = ConnectionUrlFor(id),
            MetricsIntegrationUrl = MetricsUrlFor(tenantId, id),
            Neo4jVersion = "5",
            CreatedAt = Now,
        };
        StartTransition(instance, status, InstanceStatus.Running);
        return instance;
    }

    /// <summary>Checks the tenant exists and offers the type in the region; returns the tenant.</summary>
    private TenantState RequireOfferedConfiguration(NewInstanceRequest request)
    {
        var tenant = FindTenant(request.TenantId)
            ?? throw new ApiException(400, $"Tenant '{request.TenantId}' does not exist.", Reasons.InvalidValue, "tenant_id");
        var configuration = tenant.InstanceConfigurations.FirstOrDefault(c => c.Type == request.Type);
        if (configuration is null)
        {
            throw new ApiException(400,
                $"Instance type '{request.Type}' is not offered in tenant '{tenant.Id}'.", Reasons.UnsupportedConfiguration, "type");
        }

        if (!configuration.Regions.Any(r => r.Name == request.Region))
        {
            throw new ApiException(400,
                $"Region '{request.Region}' is not offered for instance type '{request.Type}' in tenant '{tenant.Id}'.",
                Reasons.UnsupportedConfiguration, "region");
        }

        return tenant;
    }

    private TenantState? FindTenant(string tenantId) => state.Tenants.FirstOrDefault(t => t.Id == tenantId);

    private InstanceState RequireInstance(string instanceId) =>
        state.Instances.FirstOrDefault(i => i.Id == instanceId)
        ?? throw ApiException.NotFound($"Instance '{instanceId}' was not found.");

    private SnapshotState RequireSnapshot(string instanceId, string snapshotId) =>
        state.Snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId && s.InstanceId == instanceId)
        ?? throw ApiException.NotFound($"Snapshot '{snapshotId}' of instance '{instanceId}' was not found.");

    /// <summary>Applies every status change that is due; saves when something changed.</summary>
    private void AdvanceLocked()
    {
        var now = Now;
        var changed = false;
        foreach (var instance in state.Instances.ToList())
        {
            if (instance.StatusForced || instance.NextStatus is null || instance.NextStatusAt > now)
            {
                continue;
            }

            changed = true;
            if (instance.NextStatus == InstanceStatus.Destroyed)
            {
                state.Instances.Remove(instance);
                state.Snapshots.RemoveAll(s => s.InstanceId == instance.Id);
                continue;
            }

            instance.Status = instance.NextStatus;
            instance.NextStatus = null;
            instance.NextStatusAt = null;
        }

        foreach (var snapshot in state.Snapshots)
        {
            if (snapshot.StatusForced || snapshot.NextStatus is null || snapshot.NextStatusAt > now)
            {
                continue;
            }

            changed = true;
            snapshot.Status = snapshot.NextStatus;
            snapshot.Exportable = snapshot.Status == SnapshotStatus.Completed;
            snapshot.NextStatus = null;
            snapshot.NextStatusAt = null;
        }

        if (changed)
        {
            Changed();
        }
    }

    private void Changed() => persist?.Invoke(state);

    private string NewInstanceId()
    {
        while (true)
        {
            var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            if (state.Instances.All(i => i.Id != id))
            {
                return id;
            }
        }
    }

    private static string NewPassword()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return RandomNumberGenerator.GetString(alphabet, 43);
    }

    public static string StorageFor(string memory)
    {
        if (memory.EndsWith("GB", StringComparison.Ordinal)
            && long.TryParse(memory.AsSpan(0, memory.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var gb))
        {
            return (gb * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) + "GB";
        }

        return memory;
    }

    public static string ConnectionUrlFor(string instanceId) => $"neo4j+s://{instanceId}.databases.neo4j.io";

    public static string MetricsUrlFor(string tenantId, string instanceId) =>
        $"https://customer-metrics-api.neo4j.io/api/v1/{tenantId}/{instanceId}/metrics";
}
