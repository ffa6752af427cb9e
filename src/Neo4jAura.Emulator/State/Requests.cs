namespace Neo4jAura.Emulator.State;

/// <summary>The checked fields of POST /instances (a create, or a clone when <see cref="SourceInstanceId"/> is set).</summary>
public sealed record CreateInstanceRequest(
    string Name, string Version, string Region, string Memory, string? Storage, string Type, string TenantId, string CloudProvider,
    string? SourceInstanceId = null, string? SourceSnapshotId = null, string? CustomerManagedKeyId = null,
    bool? VectorOptimized = null, bool? GraphAnalyticsPlugin = null);

/// <summary>The checked fields of PATCH /instances/{id}; null = not given.</summary>
public sealed record UpdateInstanceRequest(
    string? Name = null, string? Memory = null, string? Storage = null, bool? VectorOptimized = null, bool? GraphAnalyticsPlugin = null,
    int? SecondariesCount = null, string? CdcEnrichmentMode = null)
{
    /// <summary>True when only the name changes: Aura answers 200 with the instance; anything else is a 202 resize.</summary>
    public bool IsRenameOnly => Name is not null && Memory is null && Storage is null && VectorOptimized is null
        && GraphAnalyticsPlugin is null && SecondariesCount is null && CdcEnrichmentMode is null;

    public bool IsEmpty => Name is null && !ChangesConfiguration;

    public bool ChangesConfiguration => Memory is not null || Storage is not null || VectorOptimized is not null
        || GraphAnalyticsPlugin is not null || SecondariesCount is not null || CdcEnrichmentMode is not null;
}

/// <summary>The checked fields of POST /customer-managed-keys.</summary>
public sealed record CreateKeyRequest(string KeyId, string Region, string Name, string InstanceType, string TenantId, string CloudProvider);

/// <summary>The checked fields of POST /graph-analytics/sessions: attached (InstanceId) or standalone (TenantId, CloudProvider, Region).</summary>
public sealed record SessionRequest(
    string Name, string Memory, TimeSpan Ttl, string? InstanceId, string? DatabaseUuid, string? TenantId, string? CloudProvider, string? Region);
