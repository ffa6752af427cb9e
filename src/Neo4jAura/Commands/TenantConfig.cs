using System;
using System.Collections.Generic;
using System.Linq;
using Neo4jAura.Models;

namespace Neo4jAura.Commands;

/// <summary>Checks a type/region/cloud/memory choice against a tenant's instance_configurations before anything is sent.</summary>
internal static class TenantConfig
{
    internal sealed class Choice
    {
        public string? Type { get; set; }
        public string? Region { get; set; }
        public string? CloudProvider { get; set; }
        public string? Memory { get; set; }
    }

    /// <summary>
    /// Null when the tenant offers the choice (or publishes no configurations to check against); otherwise a message
    /// naming the valid values. Unset parts of <paramref name="choice"/> are not checked. On success the choice is
    /// rewritten to the tenant's spelling.
    /// </summary>
    public static string? Check(AuraTenant tenant, Choice choice)
    {
        var configs = tenant.InstanceConfigurations ?? new List<AuraInstanceConfiguration>();
        if (configs.Count == 0) return null;
        var tenantText = AuraText.Tenant(tenant.Id, tenant.Name);

        var candidates = configs;
        if (choice.Type is not null)
        {
            candidates = configs.Where(c => Same(c.Type, choice.Type)).ToList();
            if (candidates.Count == 0)
            {
                return $"-Type '{choice.Type}' is not offered in {tenantText}. Valid types: {List(configs.Select(c => c.Type))}.";
            }
            choice.Type = candidates[0].Type;
        }

        var regions = candidates.SelectMany(c => c.Regions).ToList();
        var forType = choice.Type is null ? "" : $" for type {choice.Type}";
        if (choice.Region is not null)
        {
            var named = regions.Where(r => Same(r.Name, choice.Region)).ToList();
            if (named.Count == 0)
            {
                return $"-Region '{choice.Region}' is not offered{forType} in {tenantText}. Valid regions: {List(regions.Select(r => r.Name))}.";
            }
            choice.Region = named[0].Name;
            regions = named;
        }

        if (choice.CloudProvider is not null && regions.Any(r => r.CloudProvider is not null))
        {
            var onCloud = regions.Where(r => r.CloudProvider is null || Same(r.CloudProvider, choice.CloudProvider)).ToList();
            if (onCloud.Count == 0)
            {
                var where = choice.Region is null ? $"{forType} in {tenantText}" : $" for region {choice.Region}{forType}";
                return $"-CloudProvider '{choice.CloudProvider}' is not offered{where}. Valid cloud providers: {List(regions.Select(r => r.CloudProvider))}.";
            }
            choice.CloudProvider = onCloud.First(r => r.CloudProvider is not null).CloudProvider ?? choice.CloudProvider;
            regions = onCloud;
        }

        if (choice.Memory is not null)
        {
            var sizes = regions.SelectMany(r => r.Memory ?? new List<string>()).ToList();
            if (sizes.Count > 0)
            {
                var hit = sizes.FirstOrDefault(m => Same(m, choice.Memory));
                if (hit is null)
                {
                    var where = choice.Region is null ? $"{forType} in {tenantText}" : $" in region {choice.Region}{forType}";
                    return $"-Memory '{choice.Memory}' is not offered{where}. Valid memory sizes: {List(sizes, bySize: true)}.";
                }
                choice.Memory = hit;
            }
        }
        return null;
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string List(IEnumerable<string?> values, bool bySize = false)
    {
        var distinct = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase);
        distinct = bySize ? distinct.OrderBy(Completers.MemoryCompleter.SizeInMb) : distinct.OrderBy(v => v, StringComparer.OrdinalIgnoreCase);
        var list = distinct.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
