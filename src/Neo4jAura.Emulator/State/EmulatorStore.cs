using System.Security.Cryptography;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Pipeline;

namespace Neo4jAura.Emulator.State;

/// <summary>
/// The emulated Aura account: tenants, instances, snapshots, customer-managed keys and Graph Analytics sessions,
/// with their status machines. Status changes are applied lazily from timestamps on every access, so they are right
/// whenever read; scheduled snapshots are computed from each instance's plan. A status forced over the control
/// endpoint is held until an operation or the control endpoint changes it. Every method is thread-safe; what it
/// returns is a copy. Operations are in the partial files beside this one.
/// </summary>
public sealed partial class EmulatorStore
{
    private readonly object gate = new();
    private readonly EmulatorClock clock;
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
        clock = time as EmulatorClock ?? new EmulatorClock(time);
        this.seedFactory = seedFactory;
        this.initialSettings = initialSettings.Clone();
        this.persist = persist;
        settings = initialSettings.Clone();
        if (initialState is not null)
        {
            state = initialState;
            clock.Offset = TimeSpan.FromSeconds(initialState.ClockOffsetSeconds);
        }
        else
        {
            state = seedFactory(clock.GetUtcNow());
        }
    }

    /// <summary>The emulator's time (after any time travel).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    private TimeSpan TransitionTime => TimeSpan.FromSeconds(settings.TransitionSeconds);

    private TimeSpan SnapshotTime => TimeSpan.FromSeconds(settings.SnapshotSeconds);

    // ---------------------------------------------------------------- settings and clock

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

    /// <summary>How far the clock has been moved ahead.</summary>
    public TimeSpan ClockOffset => clock.Offset;

    /// <summary>Moves the emulator's clock ahead (time travel): transitions end, scheduled snapshots appear, retention runs.</summary>
    public DateTimeOffset AdvanceClock(TimeSpan by)
    {
        lock (gate)
        {
            clock.Offset += by;
            state.ClockOffsetSeconds = clock.Offset.TotalSeconds;
            AdvanceLocked();
            Changed();
            return Now;
        }
    }

    // ---------------------------------------------------------------- whole state

    /// <summary>A copy of the whole stored state (after applying due status changes).</summary>
    public StateDocument Export()
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.Clone();
        }
    }

    /// <summary>Back to the seed state, the start-up settings and the real time.</summary>
    public void Reset()
    {
        lock (gate)
        {
            clock.Offset = TimeSpan.Zero;
            state = seedFactory(Now);
            state.ClockOffsetSeconds = 0;
            settings = initialSettings.Clone();
            Changed();
        }
    }

    // ---------------------------------------------------------------- tenants

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
            return (FindTenant(tenantId) ?? throw ApiException.TenantNotFound()).Clone();
        }
    }

    // ---------------------------------------------------------------- helpers shared by the partial files

    private TenantState? FindTenant(string tenantId) => state.Tenants.FirstOrDefault(t => t.Id == tenantId);

    private InstanceState RequireInstance(string instanceId) =>
        state.Instances.FirstOrDefault(i => i.Id == instanceId) ?? throw ApiException.InstanceNotFound(instanceId);

    /// <summary>Applies every status change that is due, drops what is past retention; saves when something changed.</summary>
    private void AdvanceLocked()
    {
        var now = Now;
        var changed = AdvanceInstances(now);
        changed |= AdvanceSnapshots(now);
        changed |= AdvanceKeys(now);
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

    public static string ConnectionUrlFor(string instanceId) => $"neo4j+s://{instanceId}.databases.neo4j.io";

    /// <summary>The metrics integration URL of an instance; only Business Critical, VDC and AuraDS Enterprise have one.</summary>
    public static string? MetricsUrlFor(string type, string tenantId, string instanceId) =>
        InstanceType.HasMetricsIntegration(type)
            ? $"https://customer-metrics-api.neo4j.io/api/v1/{tenantId}/{instanceId}/metrics"
            : null;

    /// <summary>The tenant's metrics integration endpoint.</summary>
    public static string TenantMetricsEndpointFor(string tenantId) =>
        $"https://customer-metrics-api.neo4j.io/api/v1/{tenantId}/metrics";

    /// <summary>Fills the type-specific fields an instance of its type shows (and clears those it must not show).</summary>
    public static void ApplyTypeDefaults(InstanceState instance)
    {
        var type = instance.Type;
        instance.GraphNodes = type == InstanceType.FreeDb ? instance.GraphNodes ?? "0" : null;
        instance.GraphRelationships = type == InstanceType.FreeDb ? instance.GraphRelationships ?? "0" : null;
        instance.SecondariesCount = InstanceType.HasSecondaries(type) ? instance.SecondariesCount ?? 0 : null;
        instance.CdcEnrichmentMode = InstanceType.HasCdc(type) ? instance.CdcEnrichmentMode ?? "OFF" : null;
        instance.VectorOptimized = InstanceType.HasDatabaseOptions(type) ? instance.VectorOptimized ?? false : null;
        instance.GraphAnalyticsPlugin = InstanceType.HasDatabaseOptions(type) ? instance.GraphAnalyticsPlugin ?? false : null;
        instance.MetricsIntegrationUrl = InstanceType.HasMetricsIntegration(type)
            ? instance.MetricsIntegrationUrl ?? MetricsUrlFor(type, instance.TenantId, instance.Id)
            : null;
    }
}
