namespace Neo4jAura.Emulator.State;

/// <summary>A tenant (project) and the instance configurations it offers.</summary>
public sealed class TenantState
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<InstanceConfiguration> InstanceConfigurations { get; set; } = new();

    public TenantState Clone() => new()
    {
        Id = Id,
        Name = Name,
        InstanceConfigurations = InstanceConfigurations.Select(c => c.Clone()).ToList(),
    };
}

/// <summary>One instance type a tenant offers, with the regions it is offered in.</summary>
public sealed class InstanceConfiguration
{
    public string Type { get; set; } = "";
    public List<RegionConfiguration> Regions { get; set; } = new();

    public InstanceConfiguration Clone() => new() { Type = Type, Regions = Regions.Select(r => r.Clone()).ToList() };
}

/// <summary>A region an instance type is offered in, with its cloud provider and memory sizes.</summary>
public sealed class RegionConfiguration
{
    public string Name { get; set; } = "";
    public string CloudProvider { get; set; } = "";
    public List<string> Memory { get; set; } = new();

    public RegionConfiguration Clone() => new() { Name = Name, CloudProvider = CloudProvider, Memory = Memory.ToList() };
}

/// <summary>An instance as the emulator keeps it: the API fields plus the pending status change.</summary>
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
    public string ConnectionUrl { get; set; } = "";
    public string MetricsIntegrationUrl { get; set; } = "";
    public string Neo4jVersion { get; set; } = "5";
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The status the instance moves to at <see cref="NextStatusAt"/>; "destroyed" removes it.</summary>
    public string? NextStatus { get; set; }
    public DateTimeOffset? NextStatusAt { get; set; }

    /// <summary>True when the status was forced over the control endpoint; it is then held.</summary>
    public bool StatusForced { get; set; }

    public InstanceState Clone() => (InstanceState)MemberwiseClone();
}

/// <summary>A snapshot as the emulator keeps it.</summary>
public sealed class SnapshotState
{
    public string SnapshotId { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string Status { get; set; } = SnapshotStatus.Completed;
    public DateTimeOffset Timestamp { get; set; }
    public bool Exportable { get; set; } = true;
    public string? Profile { get; set; }
    public string? NextStatus { get; set; }
    public DateTimeOffset? NextStatusAt { get; set; }
    public bool StatusForced { get; set; }

    public SnapshotState Clone() => (SnapshotState)MemberwiseClone();
}

/// <summary>The whole emulated state: the shape of the seed file, the state file and GET /_emulator/state.</summary>
public sealed class StateDocument
{
    public List<TenantState> Tenants { get; set; } = new();
    public List<InstanceState> Instances { get; set; } = new();
    public List<SnapshotState> Snapshots { get; set; } = new();

    public StateDocument Clone() => new()
    {
        Tenants = Tenants.Select(t => t.Clone()).ToList(),
        Instances = Instances.Select(i => i.Clone()).ToList(),
        Snapshots = Snapshots.Select(s => s.Clone()).ToList(),
    };
}

public static class InstanceStatus
{
    public const string Creating = "creating";
    public const string Running = "running";
    public const string Pausing = "pausing";
    public const string Paused = "paused";
    public const string Resuming = "resuming";
    public const string Updating = "updating";
    public const string Destroying = "destroying";
    public const string Destroyed = "destroyed";
    public const string Loading = "loading";
    public const string Restoring = "restoring";
    public const string Overwriting = "overwriting";
}

public static class SnapshotStatus
{
    public const string Completed = "Completed";
    public const string InProgress = "InProgress";
    public const string Failed = "Failed";
    public const string Pending = "Pending";
}

public static class AuraValues
{
    public static readonly string[] InstanceTypes = { "enterprise-db", "enterprise-ds", "professional-db", "free-db" };
    public static readonly string[] RestoreInstanceTypes = { "enterprise-db", "enterprise-ds", "professional-db" };
    public static readonly string[] CloudProviders = { "gcp", "aws", "azure" };
    public const int MaxNameLength = 30;
}
