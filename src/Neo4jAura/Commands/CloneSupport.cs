using System;
using System.Linq;
using Neo4jAura.Client;
using Neo4jAura.Completers;
using Neo4jAura.Errors;

namespace Neo4jAura.Commands;

/// <summary>What a clone (Copy-AuraInstance, Restore-AuraSnapshot -Name, Test-AuraSnapshot) is given; unset ones come from the source.</summary>
internal sealed class CloneSettings
{
    public string Name { get; set; } = "";
    public string? TenantId { get; set; }
    public string? Region { get; set; }
    public string? CloudProvider { get; set; }
    public string? Type { get; set; }
    public string? Memory { get; set; }
    public string? Storage { get; set; }
    public string? Version { get; set; }

    /// <summary>Checks the shape of what was given (name, sizes, version) before any request, even a read.</summary>
    public void CheckGiven()
    {
        InputRules.Name(Name);
        if (Memory is not null) InputRules.Size(Memory, nameof(Memory));
        if (Storage is not null) InputRules.Size(Storage, nameof(Storage));
        if (Version is not null) InputRules.Version(Version);
    }
}

/// <summary>
/// Builds the POST /instances body of a clone: the user's settings where given, the source instance's for the rest,
/// checked against the tenant's configurations before anything is sent. A value taken from the source that the
/// module cannot use is reported as the source's, not as a bad parameter.
/// </summary>
internal static class CloneSupport
{
    public static CreateInstanceRequest Request(AuraApiCmdlet cmdlet, AuraInstance? source, string sourceId, CloneSettings given, string? sourceSnapshotId)
    {
        var name = InputRules.Name(given.Name);
        var sourceText = AuraText.Instance(sourceId, source?.Name);
        var memory = given.Memory is not null ? InputRules.Size(given.Memory, "Memory") : FromSource(source?.Memory, "memory", "Memory", sourceText);
        // The source's storage goes with the source's memory and type: when either is chosen anew, the tenant's offering
        // for the new shape decides the storage (unless -Storage is given).
        var storage = given.Storage is not null ? InputRules.Size(given.Storage, "Storage")
            : given.Memory is null && given.Type is null && source?.Storage is { Bytes: not null } s ? s : null;
        var version = given.Version is not null ? InputRules.Version(given.Version) : null;
        var tenantId = given.TenantId is not null ? cmdlet.TenantIdOf(given.TenantId) : IdFromSource(Required(source?.TenantId, "tenant", "TenantId", sourceText), "tenant", "TenantId", sourceText);
        var choice = new TenantConfig.Choice
        {
            Type = given.Type?.Trim() ?? Required(source?.Type, "type", "Type", sourceText),
            Region = given.Region?.Trim() ?? Required(source?.Region, "region", "Region", sourceText),
            CloudProvider = given.CloudProvider?.Trim() ?? Required(source?.CloudProvider, "cloud provider", "CloudProvider", sourceText),
            Memory = memory,
            Storage = storage,
            Version = version,
        };
        var tenant = cmdlet.TenantOnce(tenantId);
        var problem = TenantConfig.Check(tenant, choice);
        if (problem is not null)
        {
            var inherited = new[] { (given.Type, "type"), (given.Region, "region"), (given.CloudProvider, "cloud provider"), (given.Memory, "memory"), (given.Storage ?? (storage is null ? "" : null), "storage") }
                .Where(p => p.Item1 is null).Select(p => p.Item2).ToList();
            throw InputRules.Invalid(problem + (inherited.Count == 0 ? "" : $" ({string.Join(", ", inherited)} taken from the source {sourceText}: give -{string.Join(", -", inherited.Select(Parameter))} to choose others)"));
        }
        // The source reports no version: Aura's latest (5) unless the tenant offers only one for this shape.
        var versions = tenant.InstanceConfigurations
            .Where(c => string.Equals(c.Type, choice.Type, StringComparison.OrdinalIgnoreCase) && string.Equals(c.Region, choice.Region, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(c.CloudProvider, choice.CloudProvider, StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Version).Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new CreateInstanceRequest
        {
            Name = name,
            TenantId = tenantId,
            Region = choice.Region!,
            CloudProvider = choice.CloudProvider!,
            Type = choice.Type!,
            Memory = choice.Memory!.Text,
            Storage = choice.Storage?.Text,
            Version = choice.Version ?? (versions.Count == 1 ? versions[0]! : "5"),
            SourceInstanceId = sourceId,
            SourceSnapshotId = sourceSnapshotId,
        };
    }

    /// <summary>The source for a clone: read (and remembered) unless -WhatIf, which sends nothing and uses what the cache knows.</summary>
    public static AuraInstance? Source(AuraApiCmdlet cmdlet, string sourceId, System.Collections.Generic.IDictionary<string, AuraInstance> seen)
    {
        if (seen.TryGetValue(sourceId, out var known)) return known;
        var source = cmdlet.InstanceBeforeChange(sourceId);
        if (source is not null) seen[sourceId] = source;
        return source;
    }

    private static string Parameter(string what) => what switch { "cloud provider" => "CloudProvider", _ => char.ToUpperInvariant(what[0]) + what.Substring(1) };

    private static AuraSize FromSource(AuraSize? value, string what, string parameter, string sourceText)
    {
        if (value is { Bytes: not null }) return value;
        throw new AuraApiException(
            value is null
                ? $"The source {sourceText} does not report its {what}: give -{parameter}."
                : $"The source {sourceText} reports its {what} as '{value}', which is not a size the module can send: give -{parameter}.",
            "AuraInvalidArgument", System.Management.Automation.ErrorCategory.InvalidArgument)
        {
            RecommendedAction = $"Run the command again with -{parameter} (e.g. -{parameter} 8GB).",
        };
    }

    /// <summary>An id the source reports, when it can go into a request path; else an error naming the source, not a parameter the user never gave.</summary>
    private static string IdFromSource(string value, string what, string parameter, string sourceText)
    {
        if (AuraInput.IsValidId(value)) return value;
        throw new AuraApiException(
            $"The source {sourceText} reports its {what} as {AuraInput.Quote(value)}, which is not an id the module can send: give -{parameter}.",
            "AuraInvalidArgument", System.Management.Automation.ErrorCategory.InvalidArgument)
        {
            RecommendedAction = $"Run the command again with -{parameter} (Get-AuraTenant -Summary lists the ids).",
        };
    }

    private static string Required(string? value, string what, string parameter, string sourceText)
    {
        if (!string.IsNullOrWhiteSpace(value)) return value!;
        throw new AuraApiException($"The source {sourceText} does not report its {what}: give -{parameter}.", "AuraInvalidArgument", System.Management.Automation.ErrorCategory.InvalidArgument)
        {
            RecommendedAction = $"Run the command again with -{parameter}.",
        };
    }

    /// <summary>The -WhatIf / confirmation line of a clone.</summary>
    public static string Describe(CreateInstanceRequest request)
        => $"Create instance '{request.Name}' ({AuraText.Shape(request.Type, request.Memory, request.Storage, request.CloudProvider, request.Region)}, Neo4j {request.Version})";

    /// <summary>A snapshot a new instance can be made from: Completed and exportable; otherwise a clear error naming what is wrong.</summary>
    public static void CheckExportable(AuraSnapshot snapshot, string sourceText)
    {
        if (!string.Equals(snapshot.Status, "Completed", StringComparison.OrdinalIgnoreCase))
        {
            throw new AuraApiException(
                $"Snapshot {snapshot.SnapshotId} of {sourceText} is '{snapshot.Status ?? "of unknown status"}': only a Completed snapshot can be restored.",
                "AuraSnapshotNotCompleted", System.Management.Automation.ErrorCategory.InvalidOperation)
            {
                RecommendedAction = "Wait for it (Wait-AuraSnapshot), or pick a Completed one: Get-AuraSnapshot -InstanceId <id> -Status Completed -Exportable.",
            };
        }
        if (snapshot.Exportable != true)
        {
            throw new AuraApiException(
                $"Snapshot {snapshot.SnapshotId} of {sourceText} is not exportable ({(snapshot.Profile is null ? "" : snapshot.Profile + ", ")}taken {snapshot.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "at an unknown time"}): " +
                "a new instance can only be made from an exportable snapshot (scheduled differential snapshots never are, and older ones stop being so after the plan's export window).",
                "AuraSnapshotNotExportable", System.Management.Automation.ErrorCategory.InvalidOperation)
            {
                RecommendedAction = "Pick an exportable one (Get-AuraSnapshot -InstanceId <id> -Exportable -Latest), take a new one (New-AuraSnapshot -Wait), or restore this one into an existing instance (-TargetInstanceId, or -InPlace).",
            };
        }
    }
}
