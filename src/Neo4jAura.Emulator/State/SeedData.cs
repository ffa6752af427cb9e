namespace Neo4jAura.Emulator.State;

/// <summary>The built-in seed: two tenants, five instances (one paused), each with a few Completed snapshots.</summary>
public static class SeedData
{
    public const string ProductionTenantId = "5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f";
    public const string DevelopmentTenantId = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";

    private static readonly (string Provider, string[] Regions)[] Regions =
    {
        ("gcp", new[] { "europe-west1", "europe-west2", "europe-west3", "us-central1", "us-east1", "us-west1", "asia-southeast1", "australia-southeast1" }),
        ("aws", new[] { "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2" }),
        ("azure", new[] { "westeurope", "northeurope", "eastus", "eastus2", "westus2", "uksouth", "southeastasia", "australiaeast" }),
    };

    private static readonly (string Type, string[] Memory)[] Types =
    {
        ("enterprise-db", new[] { "2GB", "4GB", "8GB", "16GB", "24GB", "32GB", "48GB", "64GB", "96GB", "128GB", "192GB", "256GB", "384GB", "512GB" }),
        ("enterprise-ds", new[] { "8GB", "16GB", "24GB", "32GB", "48GB", "64GB", "96GB", "128GB", "192GB", "256GB", "384GB", "512GB" }),
        ("professional-db", new[] { "1GB", "2GB", "4GB", "8GB", "16GB", "24GB", "32GB", "48GB", "64GB", "96GB", "128GB" }),
        ("free-db", new[] { "1GB" }),
    };

    /// <summary>Every type in every region, as the spec's Tenant.instance_configurations.</summary>
    public static List<InstanceConfiguration> AllConfigurations() =>
        Types.Select(t => new InstanceConfiguration
        {
            Type = t.Type,
            Regions = Regions
                .SelectMany(p => p.Regions.Select(r => new RegionConfiguration { Name = r, CloudProvider = p.Provider, Memory = t.Memory.ToList() }))
                .ToList(),
        }).ToList();

    public static StateDocument Create(DateTimeOffset now)
    {
        var doc = new StateDocument
        {
            Tenants =
            {
                new TenantState { Id = ProductionTenantId, Name = "Acme Production", InstanceConfigurations = AllConfigurations() },
                new TenantState { Id = DevelopmentTenantId, Name = "Acme Development", InstanceConfigurations = AllConfigurations() },
            },
        };

        void Add(string id, string name, string tenant, string provider, string region, string type, string memory, string status, int snapshots)
        {
            doc.Instances.Add(new InstanceState
            {
                Id = id,
                Name = name,
                Status = status,
                TenantId = tenant,
                CloudProvider = provider,
                Region = region,
                Type = type,
                Memory = memory,
                Storage = EmulatorStore.StorageFor(memory),
                ConnectionUrl = EmulatorStore.ConnectionUrlFor(id),
                MetricsIntegrationUrl = EmulatorStore.MetricsUrlFor(tenant, id),
                Neo4jVersion = "5",
                CreatedAt = now.AddDays(-90),
            });

            // Daily scheduled snapshots at 02:00 UTC, newest first.
            var lastNight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(2);
            if (lastNight > now)
            {
                lastNight = lastNight.AddDays(-1);
            }

            for (var k = 0; k < snapshots; k++)
            {
                doc.Snapshots.Add(new SnapshotState
                {
                    SnapshotId = $"{id}-0000-4000-8000-{k + 1:D12}",
                    InstanceId = id,
                    Status = SnapshotStatus.Completed,
                    Timestamp = lastNight.AddDays(-k),
                    Exportable = true,
                    Profile = "Scheduled",
                });
            }
        }

        Add("a1b2c3d4", "prod-orders", ProductionTenantId, "gcp", "europe-west1", "enterprise-db", "8GB", InstanceStatus.Running, 3);
        Add("b2c3d4e5", "prod-catalog", ProductionTenantId, "aws", "us-east-1", "enterprise-db", "16GB", InstanceStatus.Running, 3);
        Add("c3d4e5f6", "prod-analytics", ProductionTenantId, "azure", "westeurope", "enterprise-ds", "32GB", InstanceStatus.Running, 2);
        Add("d4e5f6a7", "staging-orders", DevelopmentTenantId, "gcp", "europe-west1", "professional-db", "4GB", InstanceStatus.Running, 2);
        Add("e5f6a7b8", "dev-sandbox", DevelopmentTenantId, "aws", "eu-west-1", "professional-db", "2GB", InstanceStatus.Paused, 2);
        return doc;
    }
}
