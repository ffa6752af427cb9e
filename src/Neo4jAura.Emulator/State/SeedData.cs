namespace Neo4jAura.Emulator.State;

/// <summary>
/// The built-in seed: two tenants with flat instance configurations, five instances of different plans created weeks
/// ago (so their scheduled snapshots fill past days), a few stored on-demand snapshots and one ready
/// customer-managed key, used by prod-orders.
/// </summary>
public static class SeedData
{
    public const string ProductionTenantId = "5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f";
    public const string DevelopmentTenantId = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b";
    public const string OrganizationId = "3f6a2d1c-7b8e-4c9d-a0e1-f2a3b4c5d6e7";
    public const string CustomerManagedKeyId = "6f1e2d3c-4b5a-4978-8e6f-5a4b3c2d1e0f";

    /// <summary>Scheduled snapshots of the seeded instances are taken at this time of day (UTC).</summary>
    public static readonly TimeSpan ScheduleTimeOfDay = new(2, 15, 0);

    private static readonly (string Provider, string Region, string Name)[] Regions =
    {
        ("gcp", "europe-west1", "Belgium (europe-west1)"),
        ("gcp", "us-central1", "Iowa (us-central1)"),
        ("aws", "us-east-1", "US East, N. Virginia (us-east-1)"),
        ("aws", "eu-west-1", "Europe, Ireland (eu-west-1)"),
        ("azure", "westeurope", "West Europe, Netherlands (westeurope)"),
        ("azure", "eastus", "East US, Virginia (eastus)"),
    };

    private static readonly Dictionary<string, int[]> MemoryByType = new(StringComparer.Ordinal)
    {
        [InstanceType.FreeDb] = new[] { 1 },
        [InstanceType.ProfessionalDb] = new[] { 1, 2, 4, 8, 16, 32, 64 },
        [InstanceType.ProfessionalDs] = new[] { 8, 16, 24, 32, 48, 64 },
        [InstanceType.BusinessCritical] = new[] { 2, 4, 8, 16, 32, 64, 128 },
        [InstanceType.EnterpriseDb] = new[] { 2, 4, 8, 16, 32, 64, 128, 256, 384, 512 },
        [InstanceType.EnterpriseDs] = new[] { 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512 },
    };

    /// <summary>The memory sizes (GB) the seed offers for a type, smallest first.</summary>
    public static IReadOnlyList<int> OfferedMemoryGb(string type) =>
        MemoryByType.TryGetValue(type, out var sizes) ? sizes : Array.Empty<int>();

    /// <summary>
    /// One entry per region x type x memory/storage x version x provider; storage is twice the memory. AuraDB Free
    /// is offered on GCP only.
    /// </summary>
    public static List<InstanceConfiguration> Configurations(params string[] types) =>
        (from region in Regions
         from type in types
         where type != InstanceType.FreeDb || region.Provider == "gcp"
         from gb in MemoryByType[type]
         select new InstanceConfiguration
         {
             Region = region.Region,
             RegionName = region.Name,
             Type = type,
             Memory = gb + "GB",
             Storage = gb * 2 + "GB",
             Version = "5",
             CloudProvider = region.Provider,
         }).ToList();

    public static StateDocument Create(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        DateTimeOffset DaysAgo(int days) => today.AddDays(-days) + ScheduleTimeOfDay;

        var doc = new StateDocument
        {
            Tenants =
            {
                new TenantState
                {
                    Id = ProductionTenantId, Name = "Acme Production", OrganizationId = OrganizationId,
                    InstanceConfigurations = Configurations(InstanceType.EnterpriseDb, InstanceType.BusinessCritical, InstanceType.EnterpriseDs),
                },
                new TenantState
                {
                    Id = DevelopmentTenantId, Name = "Acme Development", OrganizationId = OrganizationId,
                    InstanceConfigurations = Configurations(
                        InstanceType.FreeDb, InstanceType.ProfessionalDb, InstanceType.ProfessionalDs, InstanceType.BusinessCritical),
                },
            },
            CustomerManagedKeys =
            {
                new CustomerManagedKeyState
                {
                    Id = CustomerManagedKeyId, Name = "acme-prod-orders", CloudProvider = "gcp", Region = "europe-west1",
                    InstanceType = InstanceType.EnterpriseDb, TenantId = ProductionTenantId, Status = KeyStatus.Ready,
                    KeyId = "projects/acme-prod/locations/europe-west1/keyRings/aura/cryptoKeys/prod-orders",
                    Created = DaysAgo(80),
                },
            },
        };

        InstanceState Add(string id, string name, string tenant, string provider, string region, string type, int memoryGb, int createdDaysAgo)
        {
            var instance = new InstanceState
            {
                Id = id,
                Name = name,
                Status = InstanceStatus.Running,
                TenantId = tenant,
                CloudProvider = provider,
                Region = region,
                Type = type,
                Memory = memoryGb + "GB",
                Storage = memoryGb * 2 + "GB",
                Version = "5",
                ConnectionUrl = EmulatorStore.ConnectionUrlFor(id),
                MetricsIntegrationUrl = EmulatorStore.MetricsUrlFor(type, tenant, id),
                CreatedAt = DaysAgo(createdDaysAgo),
            };
            EmulatorStore.ApplyTypeDefaults(instance);
            doc.Instances.Add(instance);
            return instance;
        }

        void OnDemand(string instanceId, int number, DateTimeOffset at, string status = SnapshotStatus.Completed) =>
            doc.Snapshots.Add(new SnapshotState
            {
                SnapshotId = $"{instanceId}-0000-4000-8000-{number:D12}",
                InstanceId = instanceId,
                Profile = SnapshotProfile.AdHoc,
                Kind = SnapshotKind.Full,
                Status = status,
                Timestamp = SnapshotSchedule.TruncateToSeconds(at),
            });

        var orders = Add("a1b2c3d4", "prod-orders", ProductionTenantId, "gcp", "europe-west1", InstanceType.EnterpriseDb, 8, 70);
        orders.CustomerManagedKeyId = CustomerManagedKeyId;
        orders.SecondariesCount = 2;
        orders.CdcEnrichmentMode = "FULL";
        var catalog = Add("b2c3d4e5", "prod-catalog", ProductionTenantId, "aws", "us-east-1", InstanceType.BusinessCritical, 16, 45);
        catalog.CdcEnrichmentMode = "DIFF";
        catalog.VectorOptimized = true;
        Add("c3d4e5f6", "prod-analytics", ProductionTenantId, "azure", "westeurope", InstanceType.EnterpriseDs, 32, 30);
        var staging = Add("d4e5f6a7", "staging-orders", DevelopmentTenantId, "gcp", "europe-west1", InstanceType.ProfessionalDb, 8, 21); // as large as prod-orders: staging is refreshed from it (an overwrite target may not be smaller)
        staging.GraphAnalyticsPlugin = true;
        var sandbox = Add("e5f6a7b8", "dev-sandbox", DevelopmentTenantId, "gcp", "europe-west1", InstanceType.FreeDb, 1, 60);
        sandbox.Status = InstanceStatus.Paused;
        sandbox.GraphNodes = "1543";
        sandbox.GraphRelationships = "4120";
        sandbox.PausedIntervals.Add(new PausedInterval { From = today.AddDays(-3).AddHours(18) });

        // On-demand snapshots taken before releases: today's first one (an hour ago), then older days.
        // "Recent" snapshots are taken today whatever the time of day (an hour ago at 00:30 would be yesterday).
        DateTimeOffset Recent(int hours) => now.AddHours(-hours) >= today ? now.AddHours(-hours) : today + (now - today) / (hours + 1);
        OnDemand("a1b2c3d4", 1, Recent(1));
        OnDemand("a1b2c3d4", 2, today.AddDays(-3).AddHours(16).AddMinutes(40));
        OnDemand("a1b2c3d4", 3, today.AddDays(-10).AddHours(9).AddMinutes(5));
        OnDemand("b2c3d4e5", 1, Recent(2));
        OnDemand("b2c3d4e5", 2, today.AddDays(-1).AddHours(11));
        OnDemand("c3d4e5f6", 1, today.AddDays(-5).AddHours(14).AddMinutes(30));
        OnDemand("c3d4e5f6", 2, today.AddDays(-2).AddHours(8), SnapshotStatus.Failed);
        OnDemand("d4e5f6a7", 1, today.AddDays(-2).AddHours(17).AddMinutes(20));
        return doc;
    }
}
