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
using Neo4jAura.Models;

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

    /// <summary>Quotes a value when it would not parse as one bare word.</summary>
    internal static string QuoteIfNeeded(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.')) return value;
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
        var fetched = Quick(ct => connection.Client.ListInstancesAsync(null, ct));
        if (fetched is null) return Array.Empty<AuraInstance>();
        AuraCache.RememberInstanceList(connection, fetched, complete: true);
        return fetched;
    }

    internal static IReadOnlyList<AuraTenant> TenantsFor(AuraConnection connection)
    {
        var cached = AuraCache.Tenants(connection, AuraCache.CompletionMaxAge);
        if (cached is not null) return cached;
        var fetched = Quick(ct => connection.Client.ListTenantsAsync(ct));
        if (fetched is null) return AuraCache.KnownTenants(connection, AuraCache.CompletionMaxAge);
        AuraCache.RememberTenantList(connection, fetched, complete: true);
        return fetched;
    }

    /// <summary>
    /// The instance configurations to complete from: the bound -TenantId's (one GET when not cached), else those of
    /// every tenant known recently.
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
                tenant = Quick(ct => connection.Client.GetTenantAsync(tenantId, ct));
                if (tenant is not null) AuraCache.RememberTenant(connection, tenant);
            }
            return tenant?.InstanceConfigurations ?? (IReadOnlyList<AuraInstanceConfiguration>)Array.Empty<AuraInstanceConfiguration>();
        }
        return AuraCache.KnownTenants(connection, AuraCache.CompletionMaxAge).SelectMany(t => t.InstanceConfigurations).ToList();
    }

    internal static IEnumerable<AuraRegion> RegionsFor(IDictionary bound)
    {
        var type = BoundString(bound, "Type");
        var cloud = BoundString(bound, "CloudProvider");
        return ConfigurationsFor(bound)
            .Where(c => type is null || string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase))
            .SelectMany(c => c.Regions)
            .Where(r => cloud is null || r.CloudProvider is null || string.Equals(r.CloudProvider, cloud, StringComparison.OrdinalIgnoreCase));
    }

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
            snapshots = Quick(ct => connection.Client.ListSnapshotsAsync(instanceId, ct));
            if (snapshots is null) return Array.Empty<CompletionResult>();
            AuraCache.RememberSnapshots(connection, instanceId, snapshots);
        }
        return snapshots
            .Where(s => prefix.IsMatch(s.SnapshotId))
            .OrderByDescending(s => s.Timestamp ?? DateTimeOffset.MinValue)
            .Select(s =>
            {
                var when = s.Timestamp?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "no timestamp";
                var text = $"{when}, {s.Status}{(s.Exportable == true ? ", exportable" : "")}";
                return Result(s.SnapshotId, text, text);
            });
    }
}

/// <summary>Completes regions from the tenant's instance configurations (narrowed by a bound -Type / -CloudProvider).</summary>
public sealed class RegionCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => RegionsFor(bound)
            .Where(r => !string.IsNullOrEmpty(r.Name) && prefix.IsMatch(r.Name!))
            .GroupBy(r => r.Name!, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var clouds = string.Join("/", g.Select(r => r.CloudProvider).Where(c => c is not null).Distinct(StringComparer.OrdinalIgnoreCase));
                return Result(g.Key, clouds.Length == 0 ? null : clouds);
            });
}

/// <summary>Completes instance types from the tenant's configurations, else the API's list.</summary>
public sealed class InstanceTypeCompleter : AuraCompleter
{
    internal static readonly string[] Known = { "enterprise-db", "enterprise-ds", "professional-db", "free-db" };

    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var fromTenant = ConfigurationsFor(bound).Select(c => c.Type).Where(t => !string.IsNullOrEmpty(t)).ToList();
        return Values(prefix, fromTenant.Count > 0 ? fromTenant : Known);
    }
}

/// <summary>Completes memory sizes the tenant offers (for a bound -Type / -Region), sorted by size.</summary>
public sealed class MemoryCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var region = BoundString(bound, "Region");
        var sizes = RegionsFor(bound)
            .Where(r => region is null || string.Equals(r.Name, region, StringComparison.OrdinalIgnoreCase))
            .SelectMany(r => r.Memory ?? new List<string>())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(m => prefix.IsMatch(m))
            .OrderBy(SizeInMb);
        return sizes.Select(m => new CompletionResult(m, m, CompletionResultType.ParameterValue, m));
    }

    internal static double SizeInMb(string memory)
    {
        var m = memory.Trim().ToUpperInvariant();
        double factor = m.EndsWith("TB") ? 1024 * 1024 : m.EndsWith("GB") ? 1024 : 1;
        var digits = new string(m.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return double.TryParse(digits, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n * factor : double.MaxValue;
    }
}

/// <summary>Completes cloud providers from the tenant's regions, else gcp/aws/azure.</summary>
public sealed class CloudProviderCompleter : AuraCompleter
{
    internal static readonly string[] Known = { "gcp", "aws", "azure" };

    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
    {
        var region = BoundString(bound, "Region");
        var fromTenant = RegionsFor(new Hashtable(bound.Keys.Cast<object>().Where(k => !"CloudProvider".Equals(k)).ToDictionary(k => k, k => bound[k])))
            .Where(r => region is null || string.Equals(r.Name, region, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.CloudProvider).Where(c => !string.IsNullOrEmpty(c)).ToList();
        return Values(prefix, fromTenant.Count > 0 ? fromTenant : Known);
    }
}

/// <summary>Completes instance statuses (Wait-AuraInstance -Status).</summary>
public sealed class InstanceStatusCompleter : AuraCompleter
{
    internal static readonly string[] Known = { "running", "paused", "creating", "pausing", "resuming", "updating", "destroying", "destroyed", "loading", "restoring", "overwriting", "suspended" };
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Known.Where(prefix.IsMatch).Select(s => new CompletionResult(QuoteIfNeeded(s), s, CompletionResultType.ParameterValue, s));
}

/// <summary>Completes snapshot statuses (Get-AuraSnapshot -Status).</summary>
public sealed class SnapshotStatusCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => Neo4jAura.Waiting.SnapshotGoal.KnownStatuses.Where(prefix.IsMatch).Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s));
}

/// <summary>Completes API versions (v1, v1beta3).</summary>
public sealed class ApiVersionCompleter : AuraCompleter
{
    internal override IEnumerable<CompletionResult> Complete(WildcardPattern prefix, IDictionary bound)
        => new[] { "v1", "v1beta3" }.Where(prefix.IsMatch).Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s));
}
