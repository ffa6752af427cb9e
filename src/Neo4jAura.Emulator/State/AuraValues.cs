namespace Neo4jAura.Emulator.State;

/// <summary>The 13 instance statuses of Aura API v1, plus the emulator's internal marker for a deleted instance.</summary>
public static class InstanceStatus
{
    public const string Creating = "creating";
    public const string Destroying = "destroying";
    public const string Running = "running";
    public const string Pausing = "pausing";
    public const string Paused = "paused";
    public const string Suspending = "suspending";
    public const string Suspended = "suspended";
    public const string Resuming = "resuming";
    public const string Loading = "loading";
    public const string LoadingFailed = "loading failed";
    public const string Restoring = "restoring";
    public const string Updating = "updating";
    public const string Overwriting = "overwriting";

    /// <summary>Never shown: the next status of a destroying instance, which then disappears (404).</summary>
    public const string Gone = "gone";

    public static readonly string[] All =
    {
        Creating, Destroying, Running, Pausing, Paused, Suspending, Suspended, Resuming, Loading, LoadingFailed, Restoring,
        Updating, Overwriting,
    };

    /// <summary>Statuses in which an operation is under way: another operation gets 409 ongoing-database-operation.</summary>
    public static bool IsTransitional(string status) =>
        status is Creating or Destroying or Pausing or Suspending or Resuming or Loading or Restoring or Updating or Overwriting;
}

public static class SnapshotStatus
{
    public const string Completed = "Completed";
    public const string InProgress = "InProgress";
    public const string Failed = "Failed";
    public const string Pending = "Pending";
    public const string Cancelled = "Cancelled";

    public static readonly string[] All = { Completed, InProgress, Failed, Pending, Cancelled };
}

public static class SnapshotProfile
{
    public const string AdHoc = "AdHoc";
    public const string Scheduled = "Scheduled";
}

public static class SnapshotKind
{
    public const string Full = "full";
    public const string Differential = "differential";
}

public static class KeyStatus
{
    public const string Pending = "pending";
    public const string Ready = "ready";
}

public static class SessionStatus
{
    public const string Creating = "Creating";
    public const string Ready = "Ready";
    public const string Expired = "Expired";
    public const string Failed = "Failed";

    public static readonly string[] All = { Creating, Ready, Expired, Failed };
}

public static class InstanceType
{
    public const string EnterpriseDb = "enterprise-db";
    public const string EnterpriseDs = "enterprise-ds";
    public const string BusinessCritical = "business-critical";
    public const string ProfessionalDb = "professional-db";
    public const string ProfessionalDs = "professional-ds";
    public const string FreeDb = "free-db";

    public static readonly string[] All = { EnterpriseDb, EnterpriseDs, BusinessCritical, ProfessionalDb, ProfessionalDs, FreeDb };

    /// <summary>The types a customer-managed key can be made for.</summary>
    public static readonly string[] KeyTypes = { EnterpriseDb, EnterpriseDs };

    /// <summary>The types POST /instances/sizing estimates.</summary>
    public static readonly string[] SizingTypes = { EnterpriseDs, ProfessionalDs };

    public static bool IsGraphDatabase(string type) => type is EnterpriseDb or BusinessCritical or ProfessionalDb or FreeDb;

    /// <summary>AuraDB types that take vector optimisation and the Graph Analytics plugin (not Free, not AuraDS).</summary>
    public static bool HasDatabaseOptions(string type) => type is EnterpriseDb or BusinessCritical or ProfessionalDb;

    public static bool HasSecondaries(string type) => type == EnterpriseDb;

    public static bool HasCdc(string type) => type is EnterpriseDb or BusinessCritical;

    public static bool HasMetricsIntegration(string type) => type is EnterpriseDb or BusinessCritical or EnterpriseDs;
}

public static class AuraValues
{
    public static readonly string[] CloudProviders = { "gcp", "aws", "azure" };
    public static readonly string[] CdcEnrichmentModes = { "OFF", "DIFF", "FULL" };
    public const int MaxNameLength = 30;
    public const int MaxSecondaries = 15;

    /// <summary>Vector optimisation needs at least this much memory (GB).</summary>
    public const int VectorOptimizedMinMemoryGb = 4;

    /// <summary>Sizes a Graph Analytics session can have.</summary>
    public static readonly string[] SessionMemory = { "2GB", "4GB", "8GB", "16GB", "24GB", "32GB", "48GB", "64GB", "96GB", "128GB", "192GB", "256GB", "384GB" };

    /// <summary>Algorithm categories the sizing endpoints know.</summary>
    public static readonly string[] AlgorithmCategories =
    {
        "centrality", "community-detection", "link-prediction", "machine-learning", "node-embedding", "pathfinding", "similarity",
    };

    /// <summary>"16GB" -> 16; null when the text is not a whole number of GB.</summary>
    public static int? Gigabytes(string? size)
    {
        if (size is null || !size.EndsWith("GB", StringComparison.Ordinal))
        {
            return null;
        }

        return int.TryParse(size.AsSpan(0, size.Length - 2), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var gb) ? gb : null;
    }
}
