using System.Text.Json;
using Neo4jAura.Emulator.Json;

namespace Neo4jAura.Emulator.State;

/// <summary>Thrown when a seed or state file cannot be used; the message says which file and why.</summary>
public sealed class EmulatorConfigurationException : Exception
{
    public EmulatorConfigurationException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>Reads seed and state files and saves state atomically (temporary file in the same folder, then a rename).</summary>
public static class StateFile
{
    private static readonly object SaveGate = new();

    /// <summary>Reads a state or seed document, fills defaults (times missing from it become <paramref name="now"/>) and checks references.</summary>
    public static StateDocument Load(string path, string what, DateTimeOffset now)
    {
        if (Directory.Exists(path))
        {
            throw new EmulatorConfigurationException($"The {what} file '{path}' is a directory; give the path of a file.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorConfigurationException($"The {what} file '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(text, $"{what} file '{path}'", now);
    }

    /// <summary>
    /// Deletes the temporary files of saves that a crash interrupted (the state file itself is never torn: a save
    /// writes a temporary file beside it and renames it over the old one).
    /// </summary>
    public static void RemoveInterruptedSaves(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (dir is null || !Directory.Exists(dir)) return;
        foreach (var temp in Directory.EnumerateFiles(dir, "." + Path.GetFileName(full) + ".*.tmp"))
        {
            try { File.Delete(temp); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
    }

    public static StateDocument Parse(string json, string source, DateTimeOffset now)
    {
        StateDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, EmulatorJsonContext.Api.StateDocument);
        }
        catch (JsonException ex)
        {
            throw new EmulatorConfigurationException($"The {source} is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        if (doc is null)
        {
            throw new EmulatorConfigurationException($"The {source} is empty (expected an object with tenants, instances and snapshots).");
        }

        Normalize(doc, source, now);
        return doc;
    }

    /// <summary>Writes the document to a temporary file beside <paramref name="path"/> and moves it over the old one.</summary>
    public static void Save(string path, StateDocument doc)
    {
        lock (SaveGate)
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(dir);
            var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(stream, doc, EmulatorJsonContext.Indented.StateDocument);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, full, overwrite: true);
            }
            catch
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                }

                throw;
            }
        }
    }

    private static void Normalize(StateDocument doc, string source, DateTimeOffset now)
    {
        doc.Tenants ??= new();
        doc.Instances ??= new();
        doc.Snapshots ??= new();
        doc.CustomerManagedKeys ??= new();
        doc.Sessions ??= new();
        var problems = new List<string>();
        if (!double.IsFinite(doc.ClockOffsetSeconds) || doc.ClockOffsetSeconds < 0 || doc.ClockOffsetSeconds > 100 * Limits.MaxClockAdvanceSeconds)
        {
            problems.Add("clock_offset_seconds must be a number of seconds from 0 to 100 years");
        }

        var tenantIds = NormalizeTenants(doc, problems);
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in doc.CustomerManagedKeys)
        {
            if (!Unique(keyIds, k.Id, "customer managed key", problems)) continue;
            Check(tenantIds.Contains(k.TenantId ?? ""), $"customer managed key '{k.Id}' names tenant '{k.TenantId}', which is not in the file", problems);
            Check(AuraValues.CloudProviders.Contains(k.CloudProvider), $"customer managed key '{k.Id}' has cloud_provider '{k.CloudProvider}'", problems);
            Check(InstanceType.KeyTypes.Contains(k.InstanceType), $"customer managed key '{k.Id}' has instance_type '{k.InstanceType}' (enterprise-db or enterprise-ds)", problems);
            k.Name ??= k.Id;
            k.Region ??= "";
            k.KeyId ??= "";
            k.Status = string.IsNullOrWhiteSpace(k.Status) ? KeyStatus.Ready : k.Status;
            k.Created = k.Created == default ? now : k.Created;
        }

        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in doc.Instances)
        {
            if (!Unique(instanceIds, i.Id, "instance", problems)) continue;
            Check(tenantIds.Contains(i.TenantId ?? ""), $"instance '{i.Id}' names tenant '{i.TenantId}', which is not in the file", problems);
            Check(InstanceType.All.Contains(i.Type), $"instance '{i.Id}' has type '{i.Type}' (one of {string.Join(", ", InstanceType.All)})", problems);
            Check(AuraValues.CloudProviders.Contains(i.CloudProvider), $"instance '{i.Id}' has cloud_provider '{i.CloudProvider}' (gcp, aws or azure)", problems);
            i.Status = string.IsNullOrWhiteSpace(i.Status) ? InstanceStatus.Running : i.Status;
            Check(InstanceStatus.All.Contains(i.Status), $"instance '{i.Id}' has status '{i.Status}'", problems);
            Check(AuraValues.Gigabytes(i.Memory) is not null, $"instance '{i.Id}' has memory '{i.Memory}' (e.g. 8GB)", problems);
            Check(i.CustomerManagedKeyId is null || keyIds.Contains(i.CustomerManagedKeyId),
                $"instance '{i.Id}' names customer managed key '{i.CustomerManagedKeyId}', which is not in the file", problems);
            Check(i.NextStatus is null || i.NextStatusAt is not null, $"instance '{i.Id}' has next_status without next_status_at", problems);
            i.Name ??= i.Id;
            i.Region ??= "";
            i.Storage = string.IsNullOrWhiteSpace(i.Storage) ? AuraValues.Gigabytes(i.Memory) * 2 + "GB" : i.Storage;
            i.Version = string.IsNullOrWhiteSpace(i.Version) ? "5" : i.Version;
            i.ConnectionUrl = string.IsNullOrWhiteSpace(i.ConnectionUrl) ? EmulatorStore.ConnectionUrlFor(i.Id) : i.ConnectionUrl;
            i.CreatedAt = i.CreatedAt == default ? now : i.CreatedAt;
            i.PausedIntervals ??= new();
            if (i.Status == InstanceStatus.Paused && !i.PausedIntervals.Any(p => p.To is null))
            {
                i.PausedIntervals.Add(new PausedInterval { From = now });
            }

            EmulatorStore.ApplyTypeDefaults(i);
        }

        var snapshotIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in doc.Snapshots)
        {
            if (!Unique(snapshotIds, s.SnapshotId, "snapshot", problems)) continue;
            Check(instanceIds.Contains(s.InstanceId ?? ""), $"snapshot '{s.SnapshotId}' names instance '{s.InstanceId}', which is not in the file", problems);
            s.Profile = string.IsNullOrWhiteSpace(s.Profile) ? SnapshotProfile.AdHoc : s.Profile;
            s.Kind = string.IsNullOrWhiteSpace(s.Kind) ? SnapshotKind.Full : s.Kind;
            s.Status = string.IsNullOrWhiteSpace(s.Status) ? SnapshotStatus.Completed : s.Status;
            Check(s.Profile is SnapshotProfile.AdHoc or SnapshotProfile.Scheduled, $"snapshot '{s.SnapshotId}' has profile '{s.Profile}' (AdHoc or Scheduled)", problems);
            Check(SnapshotStatus.All.Contains(s.Status), $"snapshot '{s.SnapshotId}' has status '{s.Status}'", problems);
            Check(s.NextStatus is null || s.NextStatusAt is not null, $"snapshot '{s.SnapshotId}' has next_status without next_status_at", problems);
            s.Timestamp = s.Timestamp == default ? now : s.Timestamp;
        }

        var sessionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in doc.Sessions)
        {
            if (!Unique(sessionIds, g.Id, "session", problems)) continue;
            Check(tenantIds.Contains(g.TenantId ?? ""), $"session '{g.Id}' names tenant '{g.TenantId}', which is not in the file", problems);
            Check(g.TtlSeconds > 0, $"session '{g.Id}' needs a ttl_seconds above 0", problems);
            g.Name ??= g.Id;
            g.Memory ??= "8GB";
            g.UserId ??= "";
            g.CloudProvider ??= "";
            g.Region ??= "";
            g.CreatedAt = g.CreatedAt == default ? now : g.CreatedAt;
            g.ReadyAt = g.ReadyAt == default ? g.CreatedAt : g.ReadyAt;
            g.InstanceId = string.IsNullOrEmpty(g.InstanceId) ? null : g.InstanceId;
            g.DatabaseUuid = g.InstanceId is null ? null
                : string.IsNullOrEmpty(g.DatabaseUuid) ? EmulatorStore.DatabaseUuidFor(g.InstanceId) : g.DatabaseUuid;
        }

        if (problems.Count > 0)
        {
            throw new EmulatorConfigurationException($"The {source} is not a valid emulator state: " + string.Join("; ", problems) + ".");
        }
    }

    private static HashSet<string> NormalizeTenants(StateDocument doc, List<string> problems)
    {
        var tenantIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in doc.Tenants)
        {
            if (!Unique(tenantIds, t.Id, "tenant", problems)) continue;
            t.Name ??= t.Id;
            t.OrganizationId ??= "";
            t.InstanceConfigurations ??= SeedData.Configurations(InstanceType.All);
            for (var n = 0; n < t.InstanceConfigurations.Count; n++)
            {
                var c = t.InstanceConfigurations[n];
                var missing = new[] { ("region", c.Region), ("type", c.Type), ("memory", c.Memory), ("storage", c.Storage), ("version", c.Version), ("cloud_provider", c.CloudProvider) }
                    .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
                Check(missing.Count == 0,
                    $"tenant '{t.Id}' instance configuration #{n + 1} lacks {string.Join(", ", missing)} (configurations are flat: region, region_name, type, memory, storage, version, cloud_provider)",
                    problems);
                c.RegionName = string.IsNullOrWhiteSpace(c.RegionName) ? c.Region : c.RegionName;
            }
        }

        return tenantIds;
    }

    private static bool Unique(HashSet<string> seen, string? id, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add($"a {what} has no id");
            return false;
        }

        if (!seen.Add(id))
        {
            problems.Add($"{what} id '{id}' appears twice");
        }

        return true;
    }

    private static void Check(bool ok, string problem, List<string> problems)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
