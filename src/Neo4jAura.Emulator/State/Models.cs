namespace Neo4jAura.Emulator.State;

/// <summary>A tenant (project), its organisation and the flat list of instance configurations it offers.</summary>
public sealed class TenantState
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Not in the API's tenant objects; used by the organizationId filter of the session list.</summary>
    public string OrganizationId { get; set; } = "";

    public List<InstanceConfiguration> InstanceConfigurations { get; set; } = new();

    public TenantState Clone() => new()
    {
        Id = Id,
        Name = Name,
        OrganizationId = OrganizationId,
        InstanceConfigurations = InstanceConfigurations.Select(c => c.Clone()).ToList(),
    };
}

/// <summary>One offering: a region x type x memory/storage x version x cloud provider combination.</summary>
public sealed class InstanceConfiguration
{
    public string Region { get; set; } = "";
    public string RegionName { get; set; } = "";
    public string Type { get; set; } = "";
    public string Memory { get; set; } = "";
    public string Storage { get; set; } = "";
    public string Version { get; set; } = "";
    public string CloudProvider { get; set; } = "";

    public InstanceConfiguration Clone() => (InstanceConfiguration)MemberwiseClone();
}

/// <summary>Changes a resize (PATCH or upgrade) applies when its 'updating' transition ends.</summary>
public sealed class PendingChanges
{
    public string? Type { get; set; }
    public string? Memory { get; set; }
    public string? Storage { get; set; }
    public bool? VectorOptimized { get; set; }
    public bool? GraphAnalyticsPlugin { get; set; }
    public int? SecondariesCount { get; set; }
    public string? CdcEnrichmentMode { get; set; }

    public PendingChanges Clone() => (PendingChanges)MemberwiseClone();
}

/// <summary>A time the instance was paused (no scheduled snapshots are taken then); <see cref="To"/> is null while it lasts.</summary>
public sealed class PausedInterval
{
    public DateTimeOffset From { get; set; }
    public DateTimeOffset? To { get; set; }

    public PausedInterval Clone() => (PausedInterval)MemberwiseClone();

    public bool Covers(DateTimeOffset t) => t >= From && (To is null || t < To);
}

/// <summary>An instance as the emulator keeps it: the API fields, its Neo4j version and the pending status change.</summary>
public sealed class InstanceState
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Status { get; set; } = InstanceStatus.Running;
    public string TenantId { get; set; } = "";
    public string CloudProvider { get; set; } = "";
    public string Region { get; set; } = "";
    public string Type { get; set; } = "";
    public string Memory { get; set; } = "";
    public string Storage { get; set; } = "";

    /// <summary>The configuration version the instance was created with (not shown by the API).</summary>
    public string Version { get; set; } = "5";

    public string ConnectionUrl { get; set; } = "";
    public string? MetricsIntegrationUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CustomerManagedKeyId { get; set; }
    public bool? VectorOptimized { get; set; }
    public bool? GraphAnalyticsPlugin { get; set; }
    public int? SecondariesCount { get; set; }
    public string? CdcEnrichmentMode { get; set; }
    public string? GraphNodes { get; set; }
    public string? GraphRelationships { get; set; }

    /// <summary>The status the instance moves to at <see cref="NextStatusAt"/>; <see cref="InstanceStatus.Gone"/> removes it.</summary>
    public string? NextStatus { get; set; }
    public DateTimeOffset? NextStatusAt { get; set; }

    /// <summary>True when the status was forced over the control endpoint; it is then held.</summary>
    public bool StatusForced { get; set; }

    /// <summary>What a running resize or upgrade changes when it ends.</summary>
    public PendingChanges? Pending { get; set; }

    public List<PausedInterval> PausedIntervals { get; set; } = new();

    public InstanceState Clone()
    {
        var copy = (InstanceState)MemberwiseClone();
        copy.Pending = Pending?.Clone();
        copy.PausedIntervals = PausedIntervals.Select(p => p.Clone()).ToList();
        return copy;
    }
}

/// <summary>
/// A stored snapshot: every on-demand (AdHoc) snapshot, and a scheduled one only when its status was forced over the
/// control endpoint (scheduled snapshots are otherwise computed from the plan, see <see cref="SnapshotSchedule"/>).
/// </summary>
public sealed class SnapshotState
{
    public string SnapshotId { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string Profile { get; set; } = SnapshotProfile.AdHoc;

    /// <summary>full or differential (only scheduled snapshots of some plans are differential).</summary>
    public string Kind { get; set; } = SnapshotKind.Full;

    public string Status { get; set; } = SnapshotStatus.Completed;
    public DateTimeOffset Timestamp { get; set; }
    public string? NextStatus { get; set; }
    public DateTimeOffset? NextStatusAt { get; set; }
    public bool StatusForced { get; set; }

    public SnapshotState Clone() => (SnapshotState)MemberwiseClone();
}

/// <summary>A customer-managed encryption key.</summary>
public sealed class CustomerManagedKeyState
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string CloudProvider { get; set; } = "";
    public string Region { get; set; } = "";
    public string InstanceType { get; set; } = "";
    public string KeyId { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public string Status { get; set; } = KeyStatus.Ready;
    public string TenantId { get; set; } = "";

    /// <summary>When a pending key becomes ready.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    public CustomerManagedKeyState Clone() => (CustomerManagedKeyState)MemberwiseClone();
}

/// <summary>A Graph Analytics (GDS) session. Its status is computed from its times (Creating, Ready, Expired).</summary>
public sealed class SessionState
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Memory { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string? InstanceId { get; set; }
    public string? DatabaseUuid { get; set; }
    public string CloudProvider { get; set; } = "";
    public string Region { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ReadyAt { get; set; }
    public long TtlSeconds { get; set; }

    /// <summary>A status set in a seed or state file (Failed, ...) and then held; null when computed.</summary>
    public string? ForcedStatus { get; set; }

    public DateTimeOffset ExpiresAt => CreatedAt.AddSeconds(TtlSeconds);

    public SessionState Clone() => (SessionState)MemberwiseClone();
}

/// <summary>The whole emulated state: the shape of the seed file, the state file and GET /_emulator/state.</summary>
public sealed class StateDocument
{
    /// <summary>How far the emulator's clock was moved ahead with POST /_emulator/clock (kept across restarts).</summary>
    public double ClockOffsetSeconds { get; set; }

    public List<TenantState> Tenants { get; set; } = new();
    public List<InstanceState> Instances { get; set; } = new();
    public List<SnapshotState> Snapshots { get; set; } = new();
    public List<CustomerManagedKeyState> CustomerManagedKeys { get; set; } = new();
    public List<SessionState> Sessions { get; set; } = new();

    public StateDocument Clone() => new()
    {
        ClockOffsetSeconds = ClockOffsetSeconds,
        Tenants = Tenants.Select(t => t.Clone()).ToList(),
        Instances = Instances.Select(i => i.Clone()).ToList(),
        Snapshots = Snapshots.Select(s => s.Clone()).ToList(),
        CustomerManagedKeys = CustomerManagedKeys.Select(k => k.Clone()).ToList(),
        Sessions = Sessions.Select(s => s.Clone()).ToList(),
    };
}
