using System;
using System.Collections.Generic;
using System.Linq;

namespace Neo4jAura.Commands;

/// <summary>
/// Checks a type/region/cloud/memory/storage/version choice against a tenant's instance_configurations (the API's flat
/// list: one entry per offering) before anything is sent.
/// </summary>
internal static class TenantConfig
{
    internal sealed class Choice
    {
        public string? Type { get; set; }
        public string? Region { get; set; }
        public string? CloudProvider { get; set; }
        public AuraSize? Memory { get; set; }
        public AuraSize? Storage { get; set; }
        public string? Version { get; set; }
    }

    /// <summary>
    /// Null when the tenant offers the choice (or publishes no configurations to check against); otherwise a message
    /// naming the valid values. Unset parts of <paramref name="choice"/> are not checked. On success the choice is
    /// rewritten to the tenant's spelling, and Storage is filled when the chosen offering has exactly one.
    /// </summary>
    public static string? Check(AuraTenant tenant, Choice choice)
    {
        var candidates = (tenant.InstanceConfigurations ?? new List<AuraInstanceConfiguration>()).Where(c => c is not null).ToList();
        if (candidates.Count == 0) return null;
        var tenantText = AuraText.Tenant(tenant.Id, tenant.Name);
        var where = new List<string>();
        string Where() => where.Count == 0 ? $"in {tenantText}" : $"for {string.Join(", ", where)} in {tenantText}";
        static string Value(string parameter, object value) => $"-{parameter} '{value}'";

        if (choice.Type is not null)
        {
            var hit = candidates.Where(c => Same(c.Type, choice.Type)).ToList();
            if (hit.Count == 0) return $"{Value("Type", choice.Type)} is not offered {Where()}. Valid types: {List(candidates.Select(c => c.Type))}.";
            choice.Type = hit[0].Type; candidates = hit; where.Add("type " + choice.Type);
        }
        if (choice.CloudProvider is not null)
        {
            var hit = candidates.Where(c => Same(c.CloudProvider, choice.CloudProvider)).ToList();
            if (hit.Count == 0) return $"{Value("CloudProvider", choice.CloudProvider)} is not offered {Where()}. Valid cloud providers: {List(candidates.Select(c => c.CloudProvider))}.";
            choice.CloudProvider = hit[0].CloudProvider; candidates = hit; where.Add(choice.CloudProvider!);
        }
        if (choice.Region is not null)
        {
            var hit = candidates.Where(c => Same(c.Region, choice.Region)).ToList();
            if (hit.Count == 0) return $"{Value("Region", choice.Region)} is not offered {Where()}. Valid regions: {List(candidates.Select(c => c.Region))}.";
            choice.Region = hit[0].Region; candidates = hit; where.Add("region " + choice.Region);
        }
        if (choice.Version is not null)
        {
            var hit = candidates.Where(c => Same(c.Version, choice.Version)).ToList();
            if (hit.Count == 0) return $"{Value("Version", choice.Version)} is not offered {Where()}. Valid versions: {List(candidates.Select(c => c.Version))}.";
            choice.Version = hit[0].Version; candidates = hit; where.Add("Neo4j " + choice.Version);
        }
        if (choice.Memory is not null)
        {
            var hit = candidates.Where(c => c.Memory is null || c.Memory.Equals(choice.Memory)).ToList();
            if (hit.Count == 0) return $"{Value("Memory", choice.Memory)} is not offered {Where()}. Valid memory sizes: {Sizes(candidates.Select(c => c.Memory))}.";
            choice.Memory = hit.Select(c => c.Memory).FirstOrDefault(m => m is not null) ?? choice.Memory; candidates = hit; where.Add(choice.Memory + " memory");
        }
        var storages = candidates.Select(c => c.Storage).Where(s => s is not null).Distinct().ToList();
        if (choice.Storage is not null)
        {
            if (storages.Count > 0 && !storages.Any(s => s!.Equals(choice.Storage)))
            {
                return $"{Value("Storage", choice.Storage)} is not offered {Where()}. Valid storage sizes: {Sizes(storages)}.";
            }
            choice.Storage = storages.FirstOrDefault(s => s!.Equals(choice.Storage)) ?? choice.Storage;
        }
        else if (choice.Memory is not null && storages.Count == 1)
        {
            choice.Storage = storages[0];
        }
        return null;
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string List(IEnumerable<string?> values)
    {
        var list = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(v => v, StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }

    private static string Sizes(IEnumerable<AuraSize?> values)
    {
        var list = values.Where(v => v is not null).Distinct().OrderBy(v => v).Select(v => v!.Text).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
