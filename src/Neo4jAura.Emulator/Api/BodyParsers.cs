using System.Text.Json.Nodes;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Api;

/// <summary>Turns request bodies into checked requests; every bad field is named in one 400 answer.</summary>
internal static class BodyParsers
{
    private static readonly TimeSpan MinTtl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(7);

    public static CreateInstanceRequest CreateInstance(JsonObject body)
    {
        var f = new FieldReader(body);
        var name = f.String("name", required: true, name: true);
        var version = f.String("version", required: true);
        var region = f.String("region", required: true);
        var memory = f.Size("memory", required: true);
        var storage = f.Size("storage");
        var type = f.Enum("type", InstanceType.All, required: true);
        var tenantId = f.String("tenant_id", required: true);
        var cloudProvider = f.Enum("cloud_provider", AuraValues.CloudProviders, required: true);
        var sourceInstance = f.String("source_instance_id");
        var sourceSnapshot = f.String("source_snapshot_id");
        var key = f.String("customer_managed_key_id");
        var vector = f.Bool("vector_optimized");
        var plugin = f.Bool("graph_analytics_plugin");
        if (sourceSnapshot is not null && sourceInstance is null && !f.Has("source_instance_id"))
        {
            f.Error("source_snapshot_id", "source_snapshot_id needs source_instance_id: the instance the snapshot belongs to.", Reasons.Required);
        }

        f.ThrowIfAny();
        return new CreateInstanceRequest(name!, version!, region!, memory!, storage, type!, tenantId!, cloudProvider!,
            sourceInstance, sourceSnapshot, key, vector, plugin);
    }

    public static UpdateInstanceRequest UpdateInstance(JsonObject body)
    {
        var f = new FieldReader(body);
        var request = new UpdateInstanceRequest(
            f.String("name", name: true),
            f.Size("memory"),
            f.Size("storage"),
            f.Bool("vector_optimized"),
            f.Bool("graph_analytics_plugin"),
            (int?)f.Integer("secondaries_count", 0, AuraValues.MaxSecondaries),
            f.Enum("cdc_enrichment_mode", AuraValues.CdcEnrichmentModes));
        f.ThrowIfAny();
        if (request.IsEmpty)
        {
            throw ApiException.BadRequest(
                "Nothing to change: give name, memory, storage, vector_optimized, graph_analytics_plugin, secondaries_count or cdc_enrichment_mode.",
                Reasons.InvalidRequest);
        }

        return request;
    }

    public static (string SourceInstanceId, string? SourceSnapshotId) Overwrite(JsonObject body)
    {
        var f = new FieldReader(body);
        var instance = f.String("source_instance_id", required: true);
        var snapshot = f.String("source_snapshot_id");
        f.ThrowIfAny();
        return (instance!, snapshot);
    }

    public static (string? Memory, string? Storage) Upgrade(JsonObject body)
    {
        var f = new FieldReader(body);
        var memory = f.Size("memory");
        var storage = f.Size("storage");
        if (f.Has("memory") != f.Has("storage"))
        {
            var missing = f.Has("memory") ? "storage" : "memory";
            f.Error(missing, "memory and storage go together: give both to resize with the upgrade, or neither.", Reasons.Required);
        }

        f.ThrowIfAny();
        return (memory, storage);
    }

    public static (long Nodes, long Relationships, string Type, List<string> Categories) InstanceSizing(JsonObject body)
    {
        var f = new FieldReader(body);
        var nodes = f.Integer("node_count", 0, 1_000_000_000_000, required: true);
        var relationships = f.Integer("relationship_count", 0, 1_000_000_000_000, required: true);
        var type = f.Enum("instance_type", InstanceType.SizingTypes) ?? InstanceType.EnterpriseDs;
        var categories = f.StringArray("algorithm_categories", AuraValues.AlgorithmCategories);
        f.ThrowIfAny();
        return (nodes!.Value, relationships!.Value, type, categories);
    }

    public static (long Nodes, long Relationships, long NodeProperties, long NodeLabels, long RelationshipProperties, List<string> Categories)
        SessionSizing(JsonObject body)
    {
        var f = new FieldReader(body);
        var nodes = f.Integer("node_count", 0, 1_000_000_000_000, required: true);
        var relationships = f.Integer("relationship_count", 0, 1_000_000_000_000, required: true);
        var nodeProperties = f.Integer("node_property_count", 0, 100_000) ?? 0;
        var nodeLabels = f.Integer("node_label_count", 0, 100_000) ?? 0;
        var relationshipProperties = f.Integer("relationship_property_count", 0, 100_000) ?? 0;
        var categories = f.StringArray("algorithm_categories", AuraValues.AlgorithmCategories);
        f.ThrowIfAny();
        return (nodes!.Value, relationships!.Value, nodeProperties, nodeLabels, relationshipProperties, categories);
    }

    public static CreateKeyRequest CreateKey(JsonObject body)
    {
        var f = new FieldReader(body);
        var keyId = f.String("key_id", required: true);
        var region = f.String("region", required: true);
        var name = f.String("name", required: true, name: true);
        var type = f.Enum("instance_type", InstanceType.KeyTypes, required: true);
        var tenantId = f.String("tenant_id", required: true);
        var provider = f.Enum("cloud_provider", AuraValues.CloudProviders, required: true);
        if (keyId is not null && provider is not null && !KeyIdFits(provider, keyId))
        {
            f.Error("key_id", provider switch
            {
                "aws" => "key_id must be an AWS KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID).",
                "azure" => "key_id must be an Azure Key Vault key identifier (https://VAULT.vault.azure.net/keys/NAME[/VERSION]).",
                _ => "key_id must be a Cloud KMS key name (projects/P/locations/L/keyRings/R/cryptoKeys/K).",
            });
        }

        f.ThrowIfAny();
        return new CreateKeyRequest(keyId!, region!, name!, type!, tenantId!, provider!);
    }

    public static SessionRequest Session(JsonObject body)
    {
        var f = new FieldReader(body);
        var name = f.String("name", required: true);
        var memory = f.Enum("memory", AuraValues.SessionMemory, required: true);
        var ttlText = f.String("ttl");
        var instanceId = f.String("instance_id");
        var databaseUuid = f.String("database_uuid");
        var tenantId = f.String("tenant_id");
        var provider = f.Enum("cloud_provider", AuraValues.CloudProviders);
        var region = f.String("region");
        var ttl = TimeSpan.FromHours(1);
        if (ttlText is not null && (!GoDuration.TryParse(ttlText, out ttl) || ttl < MinTtl || ttl > MaxTtl))
        {
            f.Error("ttl", $"ttl '{ttlText}' must be a duration such as 30m or 1h0m0s, from 1m to 168h.");
        }

        if (databaseUuid is not null && !Guid.TryParse(databaseUuid, out _))
        {
            f.Error("database_uuid", $"database_uuid '{databaseUuid}' is not a UUID.");
        }

        if (instanceId is null)
        {
            if (databaseUuid is not null)
            {
                f.Error("database_uuid", "database_uuid needs instance_id.", Reasons.Required);
            }

            foreach (var (field, value) in new[] { ("tenant_id", tenantId), ("cloud_provider", provider), ("region", region) })
            {
                if (value is null && !f.Has(field))
                {
                    f.Error(field, $"{field} is required for a standalone session (one without instance_id).", Reasons.Required);
                }
            }
        }
        else if (tenantId is not null || provider is not null || region is not null)
        {
            f.Error("instance_id", "A session is attached (instance_id) or standalone (tenant_id, cloud_provider, region), not both.");
        }

        f.ThrowIfAny();
        return new SessionRequest(name!, memory!, ttl, instanceId, databaseUuid, tenantId, provider, region);
    }

    private static bool KeyIdFits(string provider, string keyId) => provider switch
    {
        "aws" => keyId.StartsWith("arn:aws:kms:", StringComparison.Ordinal) && keyId.Contains(":key/", StringComparison.Ordinal),
        "azure" => keyId.StartsWith("https://", StringComparison.Ordinal) && keyId.Contains(".vault.azure.net/keys/", StringComparison.Ordinal),
        _ => keyId.StartsWith("projects/", StringComparison.Ordinal) && keyId.Contains("/cryptoKeys/", StringComparison.Ordinal),
    };
}
