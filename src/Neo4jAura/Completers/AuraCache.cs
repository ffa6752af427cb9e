using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Neo4jAura.Client;
using Neo4jAura.Models;

namespace Neo4jAura.Completers;

/// <summary>
/// What recent cmdlet calls saw, per connection: instances, tenants and snapshots, for tab completion and for
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

    /// <summary>Drops everything known about a connection (Connect-Aura / Disconnect-Aura).</summary>
    public static void Clear(AuraConnection connection) => Entries.Remove(connection);
}
