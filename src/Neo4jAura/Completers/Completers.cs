using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Commands;

namespace Neo4jAura.Completers;

/// <summary>
/// Base of the module's argument completers: reads the per-connection cache that recent cmdlet calls filled or,
/// when it is empty and a connection exists, makes one quick API call (at most 2 s). Never prompts, never throws,
/// offers nothing when not connected.
/// </summary>
public abstract class AuraCompleter : IArgumentCompleter
{
    internal static readonly TimeSpan QuickCallTimeout = TimeSpan.FromSeconds(2);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var pattern = Prefix(wordToComplete);
            return Complete(pattern, fakeBoundParameters ?? new Hashtable()).ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }

    internal abstract IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound);

    /// <summary>A case-insensitive prefix pattern for the word typed so far, quotes trimmed.</summary>
    internal static WildcardPattern Prefix(string? word)
    {
        var trimmed = (word ?? "").Trim().Trim('\'', '"');
        return new WildcardPattern(WildcardPattern.Escape(trimmed) + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
    }

    /// <summary>
    /// Quotes a value when it would not parse as one bare word. ':' may stand inside one (snapshot ids named by their
    /// time, 2023-01-20T13:44:42Z, complete bare); a leading '-' would read as a parameter name, a leading ':' as odd.
    /// </summary>
    internal static string QuoteIfNeeded(string value)
    {
        if (value.Length > 0 && value[0] is not ('-' or ':') && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return value;
        return "'" + value.Replace("'", "''") + "'";
    }

    internal static CompletionResult Result(string value, string? name, string? tooltip = null)
    {
        var list = string.IsNullOrEmpty(name) ? value : $"{value} ({name})";
        return new CompletionResult(QuoteIfNeeded(value), list, CompletionResultType.ParameterValue, string.IsNullOrEmpty(tooltip) ? (string.IsNullOrEmpty(name) ? value : name!) : tooltip!);
    }

    internal static AuraConnection? ConnectionOf(IDictionary bound)
    {
        if (bound.Contains("Connection"))
        {
            var value = bound["Connection"];
            if (value is PSObject ps) value = ps.BaseObject;
            if (value is AuraConnection c) return c;
        }
        return AuraSession.Current;
    }

    /// <summary>The first string bound to one of <paramref name="names"/> (arrays and PSObjects unwrapped).</summary>
    internal static string? BoundString(IDictionary bound, params string[] names)
    {
        foreach (var name in names)
        {
            if (!bound.Contains(name)) continue;
            var value = bound[name];
            if (value is PSObject ps) value = ps.BaseObject;
            if (value is IEnumerable seq and not string) value = seq.Cast<object?>().FirstOrDefault();
            if (value is PSObject inner) value = inner.BaseObject;
            if (value is string s && s.Length > 0) return s.Trim('\'', '"');
        }
        return null;
    }

    /// <summary>A size bound as text (8GB) or as the number PowerShell makes of an unquoted 8GB.</summary>
    internal static AuraSize? BoundSize(IDictionary bound, string name)
    {
        if (!bound.Contains(name)) return null;
        var value = bound[name] is PSObject ps ? ps.BaseObject : bound[name];
        return value switch
        {
            string s when s.Trim('\'', '"').Length > 0 => new AuraSize(s.Trim('\'', '"')),
            int or long or double => AuraSize.FromBytes(System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    /// <summary>One quick API call, bounded in time; null on any failure or timeout.</summary>
    internal static T? Quick<T>(Func<CancellationToken, Task<T>> call) where T : class
    {
        try
        {
            using var cts = new CancellationTokenSource(QuickCallTimeout);
            var task = Task.Run(() =>
            {
                AuraTrace.Current = null;
                return call(cts.Token);
            });
            return task.Wait(QuickCallTimeout) ? task.Result : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    internal static IReadOnlyList<AuraInstance> InstancesFor(AuraConnection connection)
    {
        var cached = AuraCache.Instances(connection, AuraCache.CompletionMaxAge);
        if (cached is not null) return cached;
        var fetched = Quick(ct => connection.Client.Instances.ListAsync(null, ct));
        if (fetched is null) return Array.Empty<AuraInstance>();
        AuraCache.RememberInstanceSummaries(connection, fetched, complete: true);
        return AuraCache.Instances(connection, TimeSpan.MaxValue) ?? Array.Empty<AuraInstance>();
    }

    internal static IReadOnlyList<AuraTenant> TenantsFor(AuraConnection connection)
    {
        var cached = AuraCache.Tenants(connection, AuraCache.CompletionMaxAge);
        if (cached is not null) return cached;
        var fetched = Quick(ct => connection.Client.Tenants.ListAsync(ct));
        if (fetched is null) return AuraCache.KnownTenants(connection, AuraCache.CompletionMaxAge);
        AuraCache.RememberTenantSummaries(connection, fetched, complete: true);
        return AuraCache.Tenants(connection, TimeSpan.MaxValue) ?? Array.Empty<AuraTenant>();
    }

    /// <summary>
    /// The instance configurations to complete from: the bound -TenantId's (or the bound source instance's tenant; one
    /// GET when not cached), else those of every tenant known recently.
    /// </summary>
    internal static IReadOnlyList<AuraInstanceConfiguration> ConfigurationsFor(IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        if (connection is null) return Array.Empty<AuraInstanceConfiguration>();
        var tenantId = BoundString(bound, "TenantId");
        if (tenantId is null)
        {
            var sourceId = BoundString(bound, "InstanceId", "Id");
            if (sourceId is not null) tenantId = AuraCache.FindInstance(connection, sourceId, AuraCache.LabelMaxAge)?.TenantId;
        }
        if (tenantId is not null)
        {
            var tenant = AuraCache.FindTenant(connection, tenantId, AuraCache.CompletionMaxAge);
            if (tenant is null || tenant.InstanceConfigurations.Count == 0)
            {
                tenant = Quick(ct => connection.Client.Tenants.GetAsync(tenantId, ct));
                if (tenant is not null) AuraCache.RememberTenant(connection, tenant);
            }
            return tenant?.InstanceConfigurations ?? (IReadOnlyList<AuraInstanceConfiguration>)Array.Empty<AuraInstanceConfiguration>();
        }
        return AuraCache.KnownTenants(connection, AuraCache.CompletionMaxAge).SelectMany(t => t.InstanceConfigurations).ToList();
    }

    /// <summary>
    /// The configurations that agree with what is already bound (-Type, -CloudProvider, -Region, -Memory, -Version),
    /// leaving out the parameter being completed (<paramref name="completing"/>).
    /// </summary>
    internal static IEnumerable<AuraInstanceConfiguration> Offered(IDictionary bound, string completing)
    {
        string? Bound(string name) => name == completing ? null : BoundString(bound, name);
        var type = Bound("Type");
        var cloud = Bound("CloudProvider");
        var region = Bound("Region");
        var memory = "Memory" == completing ? null : BoundSize(bound, "Memory");
        var version = Bound("Version");
        return ConfigurationsFor(bound)
            .Where(c => type is null || string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase))
            .Where(c => cloud is null || string.Equals(c.CloudProvider, cloud, StringComparison.OrdinalIgnoreCase))
            .Where(c => region is null || string.Equals(c.Region, region, StringComparison.OrdinalIgnoreCase))
            .Where(c => memory is null || c.Memory is null || c.Memory.Equals(memory))
            .Where(c => version is null || string.Equals(c.Version, version, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Sizes offered for the parameter being completed, smallest first.</summary>
    internal static IEnumerable<CompletionResult> Sizes(WildcardPattern prefix, IEnumerable<AuraSize?> sizes)
        => sizes.Where(m => m is not null && prefix.IsMatch(m.Text)).Distinct().OrderBy(m => m)
            .Select(m => new CompletionResult(m!.Text, m.Text, CompletionResultType.ParameterValue, m.Text));

    internal static IEnumerable<CompletionResult> Values(WildcardPattern prefix, IEnumerable<string?> values)
        => values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(v => prefix.IsMatch(v)).OrderBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(v => new CompletionResult(QuoteIfNeeded(v), v, CompletionResultType.ParameterValue, v));
}

/// <summary>Completes instance ids, offering names as list text and tooltip; matches id or name.</summary>
public sealed class InstanceIdCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        if (connection is null) return Array.Empty<CompletionResult>();
        return InstancesFor(connection)
            .Where(i => prefix.IsMatch(i.Id) || (i.Name is not null && prefix.IsMatch(i.Name)))
            .OrderBy(i => i.Name ?? i.Id, StringComparer.OrdinalIgnoreCase)
            .Select(i => Result(i.Id, i.Name));
    }
}

/// <summary>Completes instance names (for -Name of Get-AuraInstance).</summary>
public sealed class InstanceNameCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        if (connection is null) return Array.Empty<CompletionResult>();
        return InstancesFor(connection)
            .Where(i => i.Name is not null && prefix.IsMatch(i.Name))
            .OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .Select(i => new CompletionResult(QuoteIfNeeded(i.Name!), i.Name!, CompletionResultType.ParameterValue, $"{i.Name} ({i.Id})"));
    }
}

/// <summary>Completes tenant ids with their names.</summary>
public sealed class TenantIdCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        if (connection is null) return Array.Empty<CompletionResult>();
        return TenantsFor(connection)
            .Where(t => prefix.IsMatch(t.Id) || (t.Name is not null && prefix.IsMatch(t.Name)))
            .OrderBy(t => t.Name ?? t.Id, StringComparer.OrdinalIgnoreCase)
            .Select(t => Result(t.Id, t.Name));
    }
}

/// <summary>Completes snapshot ids of the bound -InstanceId, newest first.</summary>
public sealed class SnapshotIdCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        var instanceId = BoundString(bound, "InstanceId", "Id");
        if (connection is null || instanceId is null) return Array.Empty<CompletionResult>();
        var snapshots = AuraCache.Snapshots(connection, instanceId, AuraCache.CompletionMaxAge);
        if (snapshots is null)
        {
            snapshots = Quick(ct => connection.Client.Snapshots.ListAsync(instanceId, null, ct));
            if (snapshots is null) return Array.Empty<CompletionResult>();
            AuraCache.RememberSnapshots(connection, instanceId, snapshots);
        }
        return snapshots
            .Where(s => prefix.IsMatch(s.SnapshotId))
            .OrderByDescending(s => s.Timestamp ?? DateTimeOffset.MinValue)
            .Select(s =>
            {
                var when = s.Timestamp?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "no timestamp";
                var text = $"{when}, {s.Profile} {s.Status}{(s.Exportable == true ? ", exportable" : "")}";
                return Result(s.SnapshotId, text, text);
            });
    }
}

/// <summary>Completes regions from the tenant's instance configurations (narrowed by a bound -Type / -CloudProvider / -Memory).</summary>
public sealed class RegionCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Offered(bound, "Region")
            .Where(c => !string.IsNullOrEmpty(c.Region) && prefix.IsMatch(c.Region!))
            .GroupBy(c => c.Region!, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var clouds = string.Join("/", g.Select(c => c.CloudProvider).Where(c => c is not null).Distinct(StringComparer.OrdinalIgnoreCase));
                var name = g.Select(c => c.RegionName).FirstOrDefault(n => !string.IsNullOrEmpty(n));
                return Result(g.Key, clouds.Length == 0 ? name : $"{clouds}{(name is null ? "" : ", " + name)}");
            });
}

/// <summary>Completes instance types from the tenant's configurations, else the API's list.</summary>
public sealed class InstanceTypeCompleter : AuraCompleter
{
    internal static readonly string[] Known = { "enterprise-db", "enterprise-ds", "business-critical", "professional-db", "professional-ds", "free-db" };

    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var fromTenant = Offered(bound, "Type").Select(c => c.Type).Where(t => !string.IsNullOrEmpty(t)).ToList();
        return Values(prefix, fromTenant.Count > 0 ? fromTenant : Known);
    }
}

/// <summary>Completes memory sizes the tenant offers (for a bound -Type / -Region / -CloudProvider), smallest first.</summary>
public sealed class MemoryCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Sizes(prefix, Offered(bound, "Memory").Select(c => c.Memory));
}

/// <summary>Completes storage sizes the tenant offers (for the bound -Memory and the rest), smallest first.</summary>
public sealed class StorageCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Sizes(prefix, Offered(bound, "Storage").Select(c => c.Storage));
}

/// <summary>Completes Neo4j versions the tenant offers.</summary>
public sealed class VersionCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var offered = Offered(bound, "Version").Select(c => c.Version).Where(v => !string.IsNullOrEmpty(v)).ToList();
        return Values(prefix, offered.Count > 0 ? offered : new[] { "5" });
    }
}

/// <summary>Completes cloud providers from the tenant's configurations, else gcp/aws/azure.</summary>
public sealed class CloudProviderCompleter : AuraCompleter
{
    internal static readonly string[] Known = { "gcp", "aws", "azure" };

    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var fromTenant = Offered(bound, "CloudProvider").Select(c => c.CloudProvider).Where(c => !string.IsNullOrEmpty(c)).ToList();
        return Values(prefix, fromTenant.Count > 0 ? fromTenant : Known);
    }
}

/// <summary>Completes customer-managed key ids the session has seen (no network), with their names and statuses.</summary>
public class CustomerManagedKeyIdCompleter : AuraCompleter
{
    /// <summary>Only keys that are ready (what an instance can be encrypted with).</summary>
    internal virtual bool ReadyOnly => false;

    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        if (connection is null) return Array.Empty<CompletionResult>();
        return AuraCache.KnownKeys(connection, AuraCache.LabelMaxAge)
            .Where(k => !ReadyOnly || string.Equals(k.Status, "ready", StringComparison.OrdinalIgnoreCase))
            .Where(k => prefix.IsMatch(k.Id) || (k.Name is not null && prefix.IsMatch(k.Name)))
            .OrderBy(k => k.Name ?? k.Id, StringComparer.OrdinalIgnoreCase)
            .Select(k => Result(k.Id, k.Name, $"{k.Name} ({k.Status}, {k.CloudProvider} {k.Region}, {k.InstanceType})"));
    }
}

/// <summary>Completes the ids of keys the session has seen ready (New-AuraInstance -CustomerManagedKeyId).</summary>
public sealed class ReadyCustomerManagedKeyIdCompleter : CustomerManagedKeyIdCompleter
{
    internal override bool ReadyOnly => true;
}

/// <summary>Completes graph analytics session ids the session has seen (no network), with their names.</summary>
public sealed class GraphAnalyticsSessionIdCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var connection = ConnectionOf(bound);
        if (connection is null) return Array.Empty<CompletionResult>();
        return AuraCache.KnownSessions(connection, AuraCache.LabelMaxAge)
            .Where(s => prefix.IsMatch(s.Id) || (s.Name is not null && prefix.IsMatch(s.Name)))
            .OrderBy(s => s.Name ?? s.Id, StringComparer.OrdinalIgnoreCase)
            .Select(s => Result(s.Id, s.Name, $"{s.Name} ({s.Status}, {s.Memory})"));
    }
}

/// <summary>Completes instance statuses (Wait-AuraInstance -Status).</summary>
public sealed class InstanceStatusCompleter : AuraCompleter
{
    internal static readonly string[] Known =
    {
        "running", "paused", "creating", "destroying", "pausing", "suspending", "suspended", "resuming", "loading", "loading failed",
        "restoring", "updating", "overwriting", "deleted",
    };
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Known.Where(prefix.IsMatch).Select(s => new CompletionResult(QuoteIfNeeded(s), s, CompletionResultType.ParameterValue, s));
}

/// <summary>Completes snapshot statuses (Get-AuraSnapshot -Status).</summary>
public sealed class SnapshotStatusCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Neo4jAura.Waiting.SnapshotGoal.KnownStatuses.Where(prefix.IsMatch).Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s));
}

/// <summary>Completes API versions (v1).</summary>
public sealed class ApiVersionCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => new[] { "v1" }.Where(prefix.IsMatch).Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s));
}

/// <summary>Completes the algorithm categories the sizing endpoints know.</summary>
public sealed class AlgorithmCategoryCompleter : AuraCompleter
{
    internal static readonly string[] Known = { "centrality", "community-detection", "node-embedding", "pathfinding", "similarity", "machine-learning" };
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound) => Values(prefix, Known);
}

/// <summary>Completes the one type an instance can be upgraded to (Set-AuraInstance -Type).</summary>
public sealed class UpgradeTypeCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound) => Values(prefix, new[] { "business-critical" });
}
