using System.Security.Cryptography;
using Neo4jAura.Emulator.Api;

namespace Neo4jAura.Emulator.State;

/// <summary>
/// Graph Analytics sessions: get-or-create by name within a project, Creating for the transition time, then Ready,
/// then Expired once the ttl has passed (the emulator sees no activity on a session, so it idles from creation).
/// </summary>
public sealed partial class EmulatorStore
{
    /// <summary>The status of a session at <paramref name="now"/>.</summary>
    public static string SessionStatusAt(SessionState session, DateTimeOffset now) =>
        session.ForcedStatus
        ?? (now < session.ReadyAt ? SessionStatus.Creating : now < session.ExpiresAt ? SessionStatus.Ready : SessionStatus.Expired);

    public List<SessionState> ListSessions(string? instanceId, string? tenantId, string? organizationId)
    {
        lock (gate)
        {
            AdvanceLocked();
            if (instanceId is not null)
            {
                RequireInstance(instanceId);
            }

            return state.Sessions
                .Where(s => instanceId is null || s.InstanceId == instanceId)
                .Where(s => tenantId is null || s.TenantId == tenantId)
                .Where(s => organizationId is null || FindTenant(s.TenantId)?.OrganizationId == organizationId)
                .Select(s => s.Clone())
                .ToList();
        }
    }

    public SessionState GetSession(string sessionId)
    {
        lock (gate)
        {
            return (state.Sessions.FirstOrDefault(s => s.Id == sessionId) ?? throw ApiException.SessionNotFound(sessionId)).Clone();
        }
    }

    /// <summary>The session of that name in that project when its parameters match (false), a new one (true), or 409.</summary>
    public (SessionState Session, bool Created) GetOrCreateSession(SessionRequest request, string userId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var now = Now;
            string tenantId, provider, region;
            string? databaseUuid = null;
            if (request.InstanceId is not null)
            {
                var instance = state.Instances.FirstOrDefault(i => i.Id == request.InstanceId)
                    ?? throw ApiException.BadRequest($"DB not found: {request.InstanceId}", Reasons.DbNotFound, "instance_id");
                if (instance.Status != InstanceStatus.Running)
                {
                    throw ApiException.BadRequest(
                        $"Instance {instance.Id} is {instance.Status}; a session can be attached to a running instance only.",
                        Reasons.InstanceNotRunning, "instance_id");
                }

                (tenantId, provider, region) = (instance.TenantId, instance.CloudProvider, instance.Region);
                databaseUuid = request.DatabaseUuid ?? DatabaseUuidFor(instance.Id);
            }
            else
            {
                var tenant = FindTenant(request.TenantId!)
                    ?? throw ApiException.BadRequest($"Tenant not found: {request.TenantId}", Reasons.TenantNotFound, "tenant_id");
                if (!tenant.InstanceConfigurations.Any(c => c.CloudProvider == request.CloudProvider && c.Region == request.Region))
                {
                    throw ApiException.BadRequest(
                        $"Tenant {tenant.Id} offers no region {request.Region} on {request.CloudProvider}.", Reasons.UnsupportedConfiguration, "region");
                }

                (tenantId, provider, region) = (tenant.Id, request.CloudProvider!, request.Region!);
            }

            var existing = state.Sessions.FirstOrDefault(s =>
                s.Name == request.Name && s.TenantId == tenantId && SessionStatusAt(s, now) != SessionStatus.Expired);
            if (existing is not null)
            {
                var differences = new List<string>();
                void Compare(string what, string? current, string? requested)
                {
                    if (!string.Equals(current ?? "", requested ?? "", StringComparison.Ordinal))
                    {
                        differences.Add($"{what} (is: {current}, requested: {requested})");
                    }
                }

                Compare("Memory", existing.Memory, request.Memory);
                Compare("Ttl", GoDuration.Format(TimeSpan.FromSeconds(existing.TtlSeconds)), GoDuration.Format(request.Ttl));
                Compare("InstanceId", existing.InstanceId, request.InstanceId);
                Compare("DatabaseUuid", existing.DatabaseUuid, databaseUuid);
                Compare("CloudProvider", existing.CloudProvider, provider);
                Compare("Region", existing.Region, region);
                if (differences.Count > 0)
                {
                    throw new ApiException(409,
                        $"session `{request.Name}` already exists for project `{tenantId}` with different parameters: {string.Join(", ", differences)}",
                        "");
                }

                return (existing.Clone(), false);
            }

            var created = SnapshotSchedule.TruncateToSeconds(now);
            var session = new SessionState
            {
                Id = NewSessionId(request.InstanceId),
                Name = request.Name,
                Memory = request.Memory,
                TenantId = tenantId,
                UserId = userId,
                InstanceId = request.InstanceId,
                DatabaseUuid = databaseUuid,
                CloudProvider = provider,
                Region = region,
                CreatedAt = created,
                ReadyAt = created + TransitionTime,
                TtlSeconds = (long)request.Ttl.TotalSeconds,
            };
            state.Sessions.Add(session);
            Changed();
            return (session.Clone(), true);
        }
    }

    public void DeleteSession(string sessionId)
    {
        lock (gate)
        {
            var session = state.Sessions.FirstOrDefault(s => s.Id == sessionId) ?? throw ApiException.SessionNotFound(sessionId);
            state.Sessions.Remove(session);
            Changed();
        }
    }

    /// <summary>
    /// Session ids look like Aura's: a session attached to an instance is the instance id, '-' and 8 lower-case letters
    /// or digits (559c94c7-15de43fg); a standalone one is "s-" and the first 15 characters of a UUID (s-04de43fe-67ab-4).
    /// </summary>
    private string NewSessionId(string? instanceId)
    {
        while (true)
        {
            var id = instanceId is null
                ? "s-" + Guid.NewGuid().ToString()[..15]
                : instanceId + "-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8);
            if (state.Sessions.All(s => s.Id != id))
            {
                return id;
            }
        }
    }

    /// <summary>A session's host as Aura names them: ID.sessions.neo4j.io when attached, ID-gds.sessions.neo4j.io when standalone.</summary>
    public static string SessionHostFor(SessionState session) =>
        session.InstanceId is null ? $"{session.Id}-gds.sessions.neo4j.io" : $"{session.Id}.sessions.neo4j.io";

    /// <summary>The user id sessions created with a client's token carry: a stable UUID derived from the client id.</summary>
    public static string UserIdFor(string clientId) => NameBasedUuid("aura-emulator-user|" + clientId);

    /// <summary>
    /// The UUID of an instance's database: stable, derived from the instance id. A session attached to the instance
    /// carries it as database_uuid when the request names no database.
    /// </summary>
    public static string DatabaseUuidFor(string instanceId) => NameBasedUuid("aura-emulator-database|" + instanceId);

    /// <summary>A version-5-style UUID from the SHA-256 of <paramref name="name"/>.</summary>
    private static string NameBasedUuid(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
