using System.Globalization;
using System.Text.Json.Serialization;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Json;

/// <summary>{"data": ...}, the envelope of every successful API answer.</summary>
public sealed record DataResponse<T>(T Data);

/// <summary>Times as Aura writes them: 2023-01-20T13:44:42Z.</summary>
public static class AuraTime
{
    public static string Format(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>With milliseconds, for the request log.</summary>
    public static string FormatPrecise(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>GET /instances/{id} (and the answers of delete, pause, resume, overwrite, restore, upgrade, rename).</summary>
public sealed record InstanceView(
    string Id, string Name, string Status, string TenantId, string CloudProvider, string ConnectionUrl, string Region, string Type,
    string Memory, string? Storage, string CreatedAt, string? MetricsIntegrationUrl, string? CustomerManagedKeyId,
    bool? VectorOptimized, bool? GraphAnalyticsPlugin, int? SecondariesCount, string? CdcEnrichmentMode,
    string? GraphNodes, string? GraphRelationships)
{
    public static InstanceView From(InstanceState i) => new(
        i.Id, i.Name, i.Status, i.TenantId, i.CloudProvider, i.ConnectionUrl, i.Region, i.Type, i.Memory,
        i.Type == InstanceType.FreeDb ? null : i.Storage, AuraTime.Format(i.CreatedAt), i.MetricsIntegrationUrl,
        i.CustomerManagedKeyId, i.VectorOptimized, i.GraphAnalyticsPlugin, i.SecondariesCount, i.CdcEnrichmentMode,
        i.GraphNodes, i.GraphRelationships);
}

/// <summary>
/// The 200 answer of POST /instances/{id}/upgrade: the fields of Aura's example plus <c>storage</c>, which the
/// Instance schema requires (the example leaves it out); none of the type-specific fields. GET /instances/{id} shows
/// the whole instance.
/// </summary>
public sealed record InstanceUpgradedView(
    string Id, string Name, string Status, string ConnectionUrl, string TenantId, string CloudProvider, string Memory, string Storage,
    string Region, string Type, string CreatedAt)
{
    public static InstanceUpgradedView From(InstanceState i) => new(
        i.Id, i.Name, i.Status, i.ConnectionUrl, i.TenantId, i.CloudProvider, i.Memory, i.Storage, i.Region, i.Type,
        AuraTime.Format(i.CreatedAt));
}

/// <summary>An item of GET /instances.</summary>
public sealed record InstanceSummaryView(string Id, string Name, string TenantId, string CloudProvider, string CreatedAt)
{
    public static InstanceSummaryView From(InstanceState i) => new(i.Id, i.Name, i.TenantId, i.CloudProvider, AuraTime.Format(i.CreatedAt));
}

/// <summary>The 202 answer of POST /instances: the one-time credentials, no status.</summary>
public sealed record InstanceCreatedView(
    string Id, string ConnectionUrl, string Username, string Password, string TenantId, string CloudProvider, string Region,
    string Type, string Name, string CreatedAt, bool? VectorOptimized, bool? GraphAnalyticsPlugin)
{
    public static InstanceCreatedView From(InstanceState i, string password) => new(
        i.Id, i.ConnectionUrl, "neo4j", password, i.TenantId, i.CloudProvider, i.Region, i.Type, i.Name,
        AuraTime.Format(i.CreatedAt), i.VectorOptimized, i.GraphAnalyticsPlugin);
}

public sealed record InstanceSizingView(string RecommendedSize, string MinRequiredMemory, bool DidExceedMaximum);

public sealed record SnapshotView(string InstanceId, string Profile, string SnapshotId, string Status, string Timestamp, bool Exportable)
{
    public static SnapshotView From(SnapshotRecord s) =>
        new(s.InstanceId, s.Profile, s.SnapshotId, s.Status, AuraTime.Format(s.Timestamp), s.Exportable);
}

/// <summary>The 202 answer of POST /instances/{id}/snapshots.</summary>
public sealed record SnapshotCreatedView(string SnapshotId);

public sealed record TenantSummaryView(string Id, string Name);

public sealed record TenantView(string Id, string Name, List<InstanceConfiguration> InstanceConfigurations)
{
    public static TenantView From(TenantState t) => new(t.Id, t.Name, t.InstanceConfigurations);
}

public sealed record MetricsIntegrationView(string Endpoint);

public sealed record KeySummaryView(string Id, string Name, string TenantId);

/// <summary>
/// A customer-managed key, fields in the order of Aura's examples. Both examples also carry <c>type</c> (undeclared in
/// the published schema), equal to <c>instance_type</c>; the emulator sends it with the same value.
/// </summary>
public sealed record KeyView(
    string Id, string Name, string Created, string CloudProvider, string KeyId, string Region, string Type, string TenantId, string Status,
    string InstanceType)
{
    public static KeyView From(CustomerManagedKeyState k) =>
        new(k.Id, k.Name, AuraTime.Format(k.Created), k.CloudProvider, k.KeyId, k.Region, k.InstanceType, k.TenantId, k.Status, k.InstanceType);
}

/// <summary>
/// A Graph Analytics session as GET, the list and the 200 of POST show it, fields in the order of Aura's examples.
/// instance_id and database_uuid are null (present) for a standalone session; expiry_date and ttl are null (present)
/// while the session is Creating, as in Aura's list example.
/// </summary>
public sealed record SessionView(
    string Id, string Name, string Memory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? InstanceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? DatabaseUuid,
    string Status, string CreatedAt, string Host,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ExpiryDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Ttl,
    string UserId, string TenantId, string CloudProvider, string Region)
{
    public static SessionView From(SessionState s, DateTimeOffset now)
    {
        var status = EmulatorStore.SessionStatusAt(s, now);
        var creating = status == SessionStatus.Creating;
        return new(
            s.Id, s.Name, s.Memory, s.InstanceId, s.DatabaseUuid, status, AuraTime.Format(s.CreatedAt), EmulatorStore.SessionHostFor(s),
            creating ? null : AuraTime.Format(s.ExpiresAt), creating ? null : GoDuration.Format(TimeSpan.FromSeconds(s.TtlSeconds)),
            s.UserId, s.TenantId, s.CloudProvider, s.Region);
    }
}

/// <summary>
/// The 202 answer of POST /graph-analytics/sessions (a new session), as Aura's example: status null (present), no
/// expiry_date and no ttl. A GET then shows Creating.
/// </summary>
public sealed record SessionCreatedView(
    string Id, string Name, string Memory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? InstanceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? DatabaseUuid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Status,
    string CreatedAt, string Host, string UserId, string TenantId, string CloudProvider, string Region)
{
    public static SessionCreatedView From(SessionState s) => new(
        s.Id, s.Name, s.Memory, s.InstanceId, s.DatabaseUuid, null, AuraTime.Format(s.CreatedAt), EmulatorStore.SessionHostFor(s),
        s.UserId, s.TenantId, s.CloudProvider, s.Region);
}

public sealed record SessionDeletedView(string Id);

public sealed record SessionSizingView(string RecommendedSize, string EstimatedMemory);

/// <summary>The OAuth token answer.</summary>
public sealed record TokenResponse(string AccessToken, long ExpiresIn, string TokenType);

/// <summary>An OAuth error (RFC 6749 5.2), as the token endpoint sends it.</summary>
public sealed record OAuthErrorBody(string Error, string ErrorDescription);

/// <summary>GET/POST /_emulator/clock.</summary>
public sealed record ClockView(string Now, double OffsetSeconds);
