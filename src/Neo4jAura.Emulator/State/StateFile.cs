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

    /// <summary>Reads a state or seed document, fills defaults and checks references.</summary>
    public static StateDocument Load(string path, string what)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorConfigurationException($"The {what} file '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(text, $"{what} file '{path}'");
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

    public static StateDocument Parse(string json, string source)
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

        Normalize(doc, source);
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

    private static void Normalize(StateDocument doc, string source)
    {
        doc.Tenants ??= new();
        doc.Instances ??= new();
        doc.Snapshots ??= new();
        var problems = new List<string>();
        var tenantIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in doc.Tenants)
        {
            if (string.IsNullOrWhiteSpace(t.Id))
            {
                problems.Add("a tenant has no id");
                continue;
            }

            if (!tenantIds.Add(t.Id))
            {
                problems.Add($"tenant id '{t.Id}' appears twice");
            }

            t.Name ??= t.Id;
            t.InstanceConfigurations ??= SeedData.AllConfigurations();
            foreach (var c in t.InstanceConfigurations)
            {
                c.Regions ??= new();
                foreach (var r in c.Regions)
                {
                    r.Memory ??= new();
                    r.CloudProvider ??= "";
                }
            }
        }

        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in doc.Instances)
        {
            if (string.IsNullOrWhiteSpace(i.Id))
            {
                problems.Add("an instance has no id");
                continue;
            }

            if (!instanceIds.Add(i.Id))
            {
                problems.Add($"instance id '{i.Id}' appears twice");
            }

            if (!tenantIds.Contains(i.TenantId ?? ""))
            {
                problems.Add($"instance '{i.Id}' names tenant '{i.TenantId}', which is not in the file");
            }

            i.Name ??= i.Id;
            i.Status = string.IsNullOrWhiteSpace(i.Status) ? InstanceStatus.Running : i.Status;
            i.CloudProvider ??= "";
            i.Region ??= "";
            i.Type ??= "";
            i.Memory ??= "";
            i.Storage = string.IsNullOrWhiteSpace(i.Storage) ? EmulatorStore.StorageFor(i.Memory) : i.Storage;
            i.ConnectionUrl = string.IsNullOrWhiteSpace(i.ConnectionUrl) ? EmulatorStore.ConnectionUrlFor(i.Id) : i.ConnectionUrl;
            i.MetricsIntegrationUrl = string.IsNullOrWhiteSpace(i.MetricsIntegrationUrl)
                ? EmulatorStore.MetricsUrlFor(i.TenantId ?? "", i.Id)
                : i.MetricsIntegrationUrl;
            i.Neo4jVersion = string.IsNullOrWhiteSpace(i.Neo4jVersion) ? "5" : i.Neo4jVersion;
            if (i.NextStatus is not null && i.NextStatusAt is null)
            {
                problems.Add($"instance '{i.Id}' has next_status without next_status_at");
            }
        }

        var snapshotIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in doc.Snapshots)
        {
            if (string.IsNullOrWhiteSpace(s.SnapshotId))
            {
                problems.Add("a snapshot has no snapshot_id");
                continue;
            }

            if (!snapshotIds.Add(s.SnapshotId))
            {
                problems.Add($"snapshot id '{s.SnapshotId}' appears twice");
            }

            if (!instanceIds.Contains(s.InstanceId ?? ""))
            {
                problems.Add($"snapshot '{s.SnapshotId}' names instance '{s.InstanceId}', which is not in the file");
            }

            s.Status = string.IsNullOrWhiteSpace(s.Status) ? SnapshotStatus.Completed : s.Status;
            if (s.Timestamp == default)
            {
                s.Timestamp = DateTimeOffset.UtcNow;
            }
            if (s.NextStatus is not null && s.NextStatusAt is null)
            {
                problems.Add($"snapshot '{s.SnapshotId}' has next_status without next_status_at");
            }
        }

        if (problems.Count > 0)
        {
            throw new EmulatorConfigurationException($"The {source} is not a valid emulator state: " + string.Join("; ", problems) + ".");
        }
    }
}
