using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Neo4jAura.Client;

namespace Neo4jAura.Completers;

/// <summary>
/// What recent cmdlet calls saw, per connection: instances, tenants, snapshots, keys and sessions, for tab completion and for
/// naming things in prompts without another request. Thread-safe; entries carry their age.
/// </summary>
internal static class AuraCache
{
    /// <summary>How long completers trust what is cached.</summary>
    public static readonly TimeSpan CompletionMaxAge = TimeSpan.FromSeconds(60);
    /// <summary>How long a name is good enough to label a prompt.</summary>
    public static readonly TimeSpan LabelMaxAge = TimeSpan.FromMinutes(30);

    private sealed class Entry
    {
        public readonly object Gate = new();
        public readonly Dictionary<string, (AuraInstance Instance, DateTimeOffset Seen)> Instances = new(StringComparer.OrdinalIgnoreCase);
        public DateTimeOffset? InstancesListedAt;
        public readonly Dictionary<string, (AuraTenant Tenant, DateTimeOffset Seen)> Tenants = new(StringComparer.OrdinalIgnoreCase);
        public DateTimeOffset? TenantsListedAt;
        public readonly Dictionary<string, (List<AuraSnapshot> Snapshots, DateTimeOffset Seen)> Snapshots = new(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, (AuraCustomerManagedKey Value, DateTimeOffset Seen)> Keys = new(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, (AuraGraphAnalyticsSession Value, DateTimeOffset Seen)> Sessions = new(StringComparer.OrdinalIgnoreCase);
    }

    private static readonly ConditionalWeakTable<AuraConnection, Entry> Entries = new();

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private static Entry For(AuraConnection connection) => Entries.GetValue(connection, _ => new Entry());

    /// <summary>Remembers a full list of instances (replaces what was known).</summary>
    public static void RememberInstanceList(AuraConnection connection, IEnumerable<AuraInstance> instances, bool complete)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            if (complete) e.Instances.Clear();
            foreach (var i in instances) if (!string.IsNullOrEmpty(i.Id)) e.Instances[i.Id] = (i, Now);
            if (complete) e.InstancesListedAt = Now;
        }
    }

    public static void RememberInstance(AuraConnection connection, AuraInstance instance)
        => RememberInstanceList(connection, new[] { instance }, complete: false);

    public static void ForgetInstance(AuraConnection connection, string instanceId)
    {
        var e = For(connection);
        lock (e.Gate) e.Instances.Remove(instanceId);
    }

    public static AuraInstance? FindInstance(AuraConnection connection, string instanceId, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            return e.Instances.TryGetValue(instanceId, out var hit) && Now - hit.Seen <= maxAge ? hit.Instance : null;
        }
    }

    /// <summary>The cached instance list, or null when it is older than <paramref name="maxAge"/>.</summary>
    public static IReadOnlyList<AuraInstance>? Instances(AuraConnection connection, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            if (e.InstancesListedAt is null || Now - e.InstancesListedAt > maxAge) return null;
            return e.Instances.Values.Select(v => v.Instance).ToList();
        }
    }

    public static void RememberTenantList(AuraConnection connection, IEnumerable<AuraTenant> tenants, bool complete)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            if (complete) e.Tenants.Clear();
            foreach (var t in tenants) if (!string.IsNullOrEmpty(t.Id)) e.Tenants[t.Id] = (t, Now);
            if (complete) e.TenantsListedAt = Now;
        }
    }

    public static void RememberTenant(AuraConnection connection, AuraTenant tenant)
        => RememberTenantList(connection, new[] { tenant }, complete: false);

    public static AuraTenant? FindTenant(AuraConnection connection, string tenantId, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            return e.Tenants.TryGetValue(tenantId, out var hit) && Now - hit.Seen <= maxAge ? hit.Tenant : null;
        }
    }

    public static IReadOnlyList<AuraTenant>? Tenants(AuraConnection connection, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            if (e.TenantsListedAt is null || Now - e.TenantsListedAt > maxAge) return null;
            return e.Tenants.Values.Select(v => v.Tenant).ToList();
        }
    }

    /// <summary>Tenants seen recently (listed or fetched one by one), newest knowledge only.</summary>
    public static IReadOnlyList<AuraTenant> KnownTenants(AuraConnection connection, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            return e.Tenants.Values.Where(v => Now - v.Seen <= maxAge).Select(v => v.Tenant).ToList();
        }
    }

    public static void RememberSnapshots(AuraConnection connection, string instanceId, IEnumerable<AuraSnapshot> snapshots)
    {
        var e = For(connection);
        lock (e.Gate) e.Snapshots[instanceId] = (snapshots.ToList(), Now);
    }

    public static IReadOnlyList<AuraSnapshot>? Snapshots(AuraConnection connection, string instanceId, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            return e.Snapshots.TryGetValue(instanceId, out var hit) && Now - hit.Seen <= maxAge ? hit.Snapshots.ToList() : null;
        }
    }

    /// <summary>Remembers a listed instance (id, name, tenant, cloud) without dropping what a GET already taught about it.</summary>
    public static void RememberInstanceSummaries(AuraConnection connection, IEnumerable<AuraInstanceSummary> summaries, bool complete)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in summaries)
            {
                if (string.IsNullOrEmpty(s.Id)) continue;
                listed.Add(s.Id);
                if (e.Instances.TryGetValue(s.Id, out var known))
                {
                    known.Instance.Name = s.Name ?? known.Instance.Name;
                    e.Instances[s.Id] = (known.Instance, Now);
                }
                else
                {
                    e.Instances[s.Id] = (new AuraInstance { Id = s.Id, Name = s.Name, TenantId = s.TenantId, CloudProvider = s.CloudProvider, CreatedAt = s.CreatedAt }, Now);
                }
            }
            if (complete)
            {
                foreach (var gone in e.Instances.Keys.Where(k => !listed.Contains(k)).ToList()) e.Instances.Remove(gone);
                e.InstancesListedAt = Now;
            }
        }
    }

    /// <summary>Remembers listed tenants (id and name) without dropping configurations a GET already brought.</summary>
    public static void RememberTenantSummaries(AuraConnection connection, IEnumerable<AuraTenantSummary> summaries, bool complete)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in summaries)
            {
                if (string.IsNullOrEmpty(s.Id)) continue;
                listed.Add(s.Id);
                var tenant = e.Tenants.TryGetValue(s.Id, out var known) ? known.Tenant : new AuraTenant { Id = s.Id };
                tenant.Name = s.Name ?? tenant.Name;
                e.Tenants[s.Id] = (tenant, Now);
            }
            if (complete)
            {
                foreach (var gone in e.Tenants.Keys.Where(k => !listed.Contains(k)).ToList()) e.Tenants.Remove(gone);
                e.TenantsListedAt = Now;
            }
        }
    }

    public static void RememberKeys(AuraConnection connection, IEnumerable<AuraCustomerManagedKey> keys) => Put(connection, e => e.Keys, keys, k => k.Id);

    public static void ForgetKey(AuraConnection connection, string keyId) => Drop(connection, e => e.Keys, keyId);

    /// <summary>Keys seen recently.</summary>
    public static IReadOnlyList<AuraCustomerManagedKey> KnownKeys(AuraConnection connection, TimeSpan maxAge) => Recent(connection, e => e.Keys, maxAge);

    public static void RememberSessions(AuraConnection connection, IEnumerable<AuraGraphAnalyticsSession> sessions) => Put(connection, e => e.Sessions, sessions, s => s.Id);

    public static void ForgetSession(AuraConnection connection, string sessionId) => Drop(connection, e => e.Sessions, sessionId);

    /// <summary>Sessions seen recently.</summary>
    public static IReadOnlyList<AuraGraphAnalyticsSession> KnownSessions(AuraConnection connection, TimeSpan maxAge) => Recent(connection, e => e.Sessions, maxAge);

    private static void Put<T>(AuraConnection connection, Func<Entry, Dictionary<string, (T Value, DateTimeOffset Seen)>> map, IEnumerable<T> items, Func<T, string?> id)
    {
        var e = For(connection);
        lock (e.Gate)
        {
            foreach (var item in items)
            {
                if (id(item) is { Length: > 0 } key) map(e)[key] = (item, Now);
            }
        }
    }

    private static void Drop<T>(AuraConnection connection, Func<Entry, Dictionary<string, (T Value, DateTimeOffset Seen)>> map, string key)
    {
        var e = For(connection);
        lock (e.Gate) map(e).Remove(key);
    }

    private static IReadOnlyList<T> Recent<T>(AuraConnection connection, Func<Entry, Dictionary<string, (T Value, DateTimeOffset Seen)>> map, TimeSpan maxAge)
    {
        var e = For(connection);
        lock (e.Gate) return map(e).Values.Where(v => Now - v.Seen <= maxAge).Select(v => v.Value).ToList();
    }

    /// <summary>Drops everything known about a connection (Connect-Aura / Disconnect-Aura).</summary>
    public static void Clear(AuraConnection connection) => Entries.Remove(connection);
}
