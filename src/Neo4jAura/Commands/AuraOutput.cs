using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using Neo4jAura.Client;

namespace Neo4jAura.Commands;

/// <summary>Wraps models for the pipeline: the contract's type name first, unknown API fields as note properties.</summary>
internal static class AuraOutput
{
    public const string InstanceTypeName = "Neo4jAura.AuraInstance";
    public const string SnapshotTypeName = "Neo4jAura.AuraSnapshot";
    public const string TenantTypeName = "Neo4jAura.AuraTenant";
    public const string ConnectionTypeName = "Neo4jAura.AuraConnection";
    public static PSObject Wrap(AuraInstance instance) => Decorate(instance, InstanceTypeName, instance.AdditionalProperties());

    public static PSObject Wrap(AuraInstanceSummary summary) => Decorate(summary, "Neo4jAura.AuraInstanceSummary", summary.AdditionalProperties());
    public static PSObject Wrap(AuraSnapshot snapshot) => Decorate(snapshot, SnapshotTypeName, snapshot.AdditionalProperties());
    public static PSObject Wrap(AuraTenant tenant) => Decorate(tenant, TenantTypeName, tenant.AdditionalProperties());
    public static PSObject Wrap(AuraTenantSummary tenant) => Decorate(tenant, "Neo4jAura.AuraTenantSummary", tenant.AdditionalProperties());
    public static PSObject Wrap(AuraConnection connection) => Decorate(connection, ConnectionTypeName, null);
    public static PSObject Wrap(AuraCustomerManagedKey key) => Decorate(key, "Neo4jAura.AuraCustomerManagedKey", key.AdditionalProperties());
    public static PSObject Wrap(AuraGraphAnalyticsSession session) => Decorate(session, "Neo4jAura.AuraGraphAnalyticsSession", session.AdditionalProperties());
    public static PSObject Wrap(AuraInstanceSizing sizing) => Decorate(sizing, "Neo4jAura.AuraInstanceSizing", sizing.AdditionalProperties());
    public static PSObject Wrap(AuraGraphAnalyticsSessionSizing sizing) => Decorate(sizing, "Neo4jAura.AuraGraphAnalyticsSessionSizing", sizing.AdditionalProperties());
    public static PSObject Wrap(AuraMetricsIntegration integration) => Decorate(integration, "Neo4jAura.AuraMetricsIntegration", integration.AdditionalProperties());

    private static PSObject Decorate(object model, string typeName, IEnumerable<KeyValuePair<string, object?>>? extra)
    {
        var ps = PSObject.AsPSObject(model);
        if (ps.TypeNames.Count == 0 || ps.TypeNames[0] != typeName)
        {
            ps.TypeNames.Remove(typeName);
            ps.TypeNames.Insert(0, typeName);
        }
        if (extra is not null)
        {
            foreach (var pair in extra)
            {
                if (!IsPublishable(pair.Key)) continue;
                var name = PascalCase(pair.Key);
                if (ps.Properties[name] is not null) continue;
                ps.Properties.Add(new PSNoteProperty(name, ToPS(pair.Value, 0)));
            }
        }
        return ps;
    }

    /// <summary>The client's plain values (dictionaries, arrays, scalars) as PowerShell likes them: objects become PSCustomObjects.</summary>
    internal static object? ToPS(object? value, int depth)
    {
        if (depth > 64) return null;
        switch (value)
        {
            case System.Collections.IDictionary dict:
                var obj = new PSObject();
                foreach (System.Collections.DictionaryEntry entry in dict)
                {
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    if (!IsPublishable(key) || obj.Properties[key] is not null) continue;
                    obj.Properties.Add(new PSNoteProperty(key, ToPS(entry.Value, depth + 1)));
                }
                return obj;
            case object?[] array:
                var copy = new object?[array.Length];
                for (var i = 0; i < array.Length; i++) copy[i] = ToPS(array[i], depth + 1);
                return copy;
            default:
                return value;
        }
    }

    /// <summary>Never publish anything that could be a secret, whatever the API adds (escaped names arrive decoded).</summary>
    internal static bool IsPublishable(string key) => !Redactor.IsSensitiveName(key) && !string.Equals(key, "username", StringComparison.OrdinalIgnoreCase);

    /// <summary>snake_case API field names as PowerShell-style property names (new_field -> NewField).</summary>
    internal static string PascalCase(string key)
    {
        if (string.IsNullOrEmpty(key)) return key;
        var sb = new System.Text.StringBuilder(key.Length);
        var upper = true;
        foreach (var c in key)
        {
            if (c == '_' || c == '-' || c == ' ') { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.Length == 0 ? key : sb.ToString();
    }
}
