using Neo4jAura.Emulator.Api;

namespace Neo4jAura.Emulator.State;

/// <summary>Instance operations: create and clone, PATCH, delete, pause, resume, overwrite, in-place restore, upgrade.</summary>
public sealed partial class EmulatorStore
{
    public List<InstanceState> ListInstances(string? tenantId = null)
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.Instances
                .Where(i => tenantId is null || i.TenantId == tenantId)
                .Select(i => i.Clone())
                .ToList();
        }
    }

    public InstanceState GetInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            return RequireInstance(instanceId).Clone();
        }
    }

    /// <summary>The instance, or null when it does not exist (for tests and the control API).</summary>
    public InstanceState? FindInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.Instances.FirstOrDefault(i => i.Id == instanceId)?.Clone();
        }
    }

    /// <summary>POST /instances: a new instance, or a clone of <see cref="CreateInstanceRequest.SourceInstanceId"/>.</summary>
    public (InstanceState Instance, string Password) CreateInstance(CreateInstanceRequest request)
    {
        lock (gate)
        {
            AdvanceLocked();
            if (settings.MissingBillingDetails)
            {
                throw ApiException.BadRequest(
                    "You must provide billing details in the Aura Console before creating an instance", Reasons.MissingBillingDetails);
            }

            var tenant = FindTenant(request.TenantId)
                ?? throw ApiException.BadRequest($"Tenant not found: {request.TenantId}", Reasons.TenantNotFound, "tenant_id");
            if (settings.InstanceLimit > 0 && state.Instances.Count(i => i.TenantId == tenant.Id) >= settings.InstanceLimit)
            {
                throw new ApiException(405,
                    $"Creating instances is not permitted: tenant {tenant.Id} holds its maximum of {settings.InstanceLimit} instances.",
                    Reasons.InstanceLimitReached);
            }

            var configuration = RequireConfiguration(tenant, request.Type, request.Region, request.CloudProvider, request.Version,
                request.Memory, request.Storage);
            CheckDatabaseOptions(request.Type, request.Memory, request.VectorOptimized, request.GraphAnalyticsPlugin);
            if (request.CustomerManagedKeyId is not null)
            {
                CheckKeyForInstance(request);
            }

            var clone = request.SourceInstanceId is not null;
            if (clone)
            {
                PrepareCloneSource(request.SourceInstanceId!, request.SourceSnapshotId);
            }

            var id = NewInstanceId();
            var instance = new InstanceState
            {
                Id = id,
                Name = request.Name,
                TenantId = tenant.Id,
                CloudProvider = request.CloudProvider,
                Region = request.Region,
                Type = request.Type,
                Memory = request.Memory,
                Storage = configuration.Storage,
                Version = request.Version,
                ConnectionUrl = ConnectionUrlFor(id),
                CreatedAt = SnapshotSchedule.TruncateToSeconds(Now),
                CustomerManagedKeyId = request.CustomerManagedKeyId,
                VectorOptimized = request.VectorOptimized,
                GraphAnalyticsPlugin = request.GraphAnalyticsPlugin,
            };
            ApplyTypeDefaults(instance);
            var fails = clone && settings.FailNextClones > 0;
            if (fails)
            {
                settings.FailNextClones--;
            }

            StartTransition(instance, InstanceStatus.Creating, fails ? InstanceStatus.LoadingFailed : InstanceStatus.Running,
                TimeSpan.FromSeconds(settings.CreationSeconds));
            state.Instances.Add(instance);
            Changed();
            return (instance.Clone(), NewPassword());
        }
    }

    /// <summary>PATCH /instances/{id}: a rename alone is immediate (true: answer 200); anything else is a resize (false: 202).</summary>
    public (InstanceState Instance, bool Immediate) UpdateInstance(string instanceId, UpdateInstanceRequest request)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (InstanceStatus.IsTransitional(instance.Status))
            {
                throw ApiException.Busy(instance.Status);
            }

            if (request.IsRenameOnly)
            {
                instance.Name = request.Name!;
                Changed();
                return (instance.Clone(), true);
            }

            RequireStatus(instance, InstanceStatus.Running, 400, "be changed");
            var type = instance.Type;
            if ((request.Memory is not null || request.Storage is not null) && type == InstanceType.FreeDb)
            {
                throw ApiException.BadRequest("An AuraDB Free instance cannot be resized.", Reasons.UnsupportedConfiguration,
                    request.Memory is not null ? "memory" : "storage");
            }

            if (request.SecondariesCount is not null && !InstanceType.HasSecondaries(type))
            {
                throw ApiException.BadRequest(
                    $"secondaries_count applies to Virtual Dedicated Cloud (enterprise-db) instances only; {instanceId} is {type}.",
                    Reasons.UnsupportedConfiguration, "secondaries_count");
            }

            if (request.CdcEnrichmentMode is not null && !InstanceType.HasCdc(type))
            {
                throw ApiException.BadRequest(
                    $"cdc_enrichment_mode applies to enterprise-db and business-critical instances only; {instanceId} is {type}.",
                    Reasons.UnsupportedConfiguration, "cdc_enrichment_mode");
            }

            var memory = request.Memory ?? instance.Memory;
            string storage;
            if (request.Memory is not null || request.Storage is not null)
            {
                var tenant = FindTenant(instance.TenantId)!;
                storage = RequireConfiguration(tenant, type, instance.Region, instance.CloudProvider, instance.Version, memory,
                    request.Storage ?? (request.Memory is null ? instance.Storage : null), changing: true).Storage;
            }
            else
            {
                storage = instance.Storage;
            }

            CheckDatabaseOptions(type, memory, request.VectorOptimized ?? (request.Memory is null ? null : instance.VectorOptimized),
                request.GraphAnalyticsPlugin);
            if (request.Name is not null)
            {
                instance.Name = request.Name;
            }

            instance.Pending = new PendingChanges
            {
                Memory = memory,
                Storage = storage,
                VectorOptimized = request.VectorOptimized,
                GraphAnalyticsPlugin = request.GraphAnalyticsPlugin,
                SecondariesCount = request.SecondariesCount,
                CdcEnrichmentMode = request.CdcEnrichmentMode,
            };
            StartTransition(instance, InstanceStatus.Updating, InstanceStatus.Running, TransitionTime);
            Changed();
            return (instance.Clone(), false);
        }
    }

    public InstanceState DeleteInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (InstanceStatus.IsTransitional(instance.Status))
            {
                throw ApiException.Busy(instance.Status);
            }

            StartTransition(instance, InstanceStatus.Destroying, InstanceStatus.Gone, TransitionTime);
            Changed();
            return instance.Clone();
        }
    }

    public InstanceState PauseInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            RequireStatus(instance, InstanceStatus.Running, 400, "be paused");
            StartTransition(instance, InstanceStatus.Pausing, InstanceStatus.Paused, TransitionTime);
            Changed();
            return instance.Clone();
        }
    }

    public InstanceState ResumeInstance(string instanceId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (InstanceStatus.IsTransitional(instance.Status))
            {
                throw ApiException.Busy(instance.Status);
            }

            if (instance.Status != InstanceStatus.Paused)
            {
                throw new ApiException(409, $"Instance {instanceId} is {instance.Status}; only a paused instance can be resumed.",
                    Reasons.InstanceNotPaused);
            }

            ClosePausedInterval(instance, Now);
            StartTransition(instance, InstanceStatus.Resuming, InstanceStatus.Running, TransitionTime);
            Changed();
            return instance.Clone();
        }
    }

    /// <summary>
    /// POST /instances/{target}/overwrite: replaces the target's data with the source's, from one of the source's
    /// snapshots or, without one, from a new snapshot of the source taken now.
    /// </summary>
    public InstanceState OverwriteInstance(string targetInstanceId, string sourceInstanceId, string? sourceSnapshotId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var target = RequireInstance(targetInstanceId);
            if (target.Type == InstanceType.FreeDb)
            {
                throw new ApiException(420, "Action unsupported for this tier of instance.", Reasons.UnsupportedTier);
            }

            RequireStatus(target, InstanceStatus.Running, 409, "be overwritten");
            var source = state.Instances.FirstOrDefault(i => i.Id == sourceInstanceId)
                ?? throw ApiException.InstanceNotFound(sourceInstanceId, "source_instance_id");
            if (sourceSnapshotId is not null)
            {
                var snapshot = FindSnapshotLocked(source, sourceSnapshotId)
                    ?? throw ApiException.SnapshotNotFound(sourceSnapshotId, "source_snapshot_id");
                RequireExportable(snapshot);
            }
            else if (source.Id != target.Id)
            {
                RequireStatus(source, InstanceStatus.Running, 409, "be snapshotted for an overwrite");
            }

            if (IsSmaller(target, source))
            {
                throw new ApiException(500, $"Cannot clone database {source.Id} into smaller database {target.Id}.", Reasons.SizeDisparity);
            }

            if (sourceSnapshotId is null)
            {
                TakeOnDemandSnapshot(source, fail: false);
            }

            StartTransition(target, InstanceStatus.Overwriting, InstanceStatus.Running, TransitionTime);
            Changed();
            return target.Clone();
        }
    }

    /// <summary>POST /instances/{id}/snapshots/{sid}/restore: restores the instance in place from one of its own snapshots.</summary>
    public InstanceState RestoreInstance(string instanceId, string snapshotId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            var snapshot = FindSnapshotLocked(instance, snapshotId) ?? throw ApiException.SnapshotNotFound(snapshotId);
            RequireStatus(instance, InstanceStatus.Running, 409, "be restored");
            if (snapshot.Status != SnapshotStatus.Completed)
            {
                throw ApiException.BadRequest(
                    $"Snapshot {snapshotId} is {snapshot.Status}; only a Completed snapshot can be restored.", Reasons.SnapshotNotRestorable);
            }

            StartTransition(instance, InstanceStatus.Restoring, InstanceStatus.Running, TransitionTime);
            Changed();
            return instance.Clone();
        }
    }

    /// <summary>POST /instances/{id}/upgrade: AuraDB Professional to Business Critical, resized when memory and storage are given.</summary>
    public InstanceState UpgradeInstance(string instanceId, string? memory, string? storage)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            if (instance.Type != InstanceType.ProfessionalDb)
            {
                throw new ApiException(409,
                    $"Only an AuraDB Professional (professional-db) instance can be upgraded to Business Critical; {instanceId} is {instance.Type}.",
                    Reasons.NotUpgradable);
            }

            RequireStatus(instance, InstanceStatus.Running, 409, "be upgraded");
            var tenant = FindTenant(instance.TenantId)!;
            var configuration = RequireConfiguration(tenant, InstanceType.BusinessCritical, instance.Region, instance.CloudProvider,
                instance.Version, memory ?? instance.Memory, storage ?? instance.Storage, changing: true);
            instance.Type = InstanceType.BusinessCritical;
            ApplyTypeDefaults(instance);
            if (configuration.Memory != instance.Memory || configuration.Storage != instance.Storage)
            {
                instance.Pending = new PendingChanges { Memory = configuration.Memory, Storage = configuration.Storage };
                StartTransition(instance, InstanceStatus.Updating, InstanceStatus.Running, TransitionTime);
            }

            Changed();
            return instance.Clone();
        }
    }

    public InstanceState ForceInstanceStatus(string instanceId, string status)
    {
        lock (gate)
        {
            AdvanceLocked();
            var instance = RequireInstance(instanceId);
            var now = Now;
            if (status == InstanceStatus.Paused)
            {
                OpenPausedInterval(instance, now);
            }
            else
            {
                ClosePausedInterval(instance, now);
            }

            instance.Status = status;
            instance.NextStatus = null;
            instance.NextStatusAt = null;
            instance.Pending = null;
            instance.StatusForced = true;
            Changed();
            return instance.Clone();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void StartTransition(InstanceState instance, string during, string then, TimeSpan duration)
    {
        instance.Status = during;
        instance.StatusForced = false;
        instance.NextStatus = then;
        instance.NextStatusAt = Now + duration;
    }

    /// <summary>409 ongoing-database-operation while an operation runs; otherwise <paramref name="restingStatus"/> code when not <paramref name="wanted"/>.</summary>
    private static void RequireStatus(InstanceState instance, string wanted, int restingStatus, string action)
    {
        if (InstanceStatus.IsTransitional(instance.Status))
        {
            throw ApiException.Busy(instance.Status);
        }

        if (instance.Status != wanted)
        {
            throw new ApiException(restingStatus,
                $"Instance {instance.Id} is {instance.Status}; only a {wanted} instance can {action}.", Reasons.InstanceNotRunning);
        }
    }

    /// <summary>The tenant's configuration for the values, or 400 naming the first field that no configuration offers.</summary>
    private static InstanceConfiguration RequireConfiguration(
        TenantState tenant, string type, string region, string provider, string version, string memory, string? storage, bool changing = false)
    {
        IEnumerable<InstanceConfiguration> offered = tenant.InstanceConfigurations;
        void Narrow(Func<InstanceConfiguration, bool> keep, string field, string value, string what)
        {
            var left = offered.Where(keep).ToList();
            if (left.Count == 0)
            {
                throw ApiException.BadRequest(
                    $"{field} '{value}' is not offered {what} in tenant {tenant.Id}; see GET /tenants/{tenant.Id} for the instance configurations.",
                    Reasons.UnsupportedConfiguration, changing && field is not ("memory" or "storage") ? null : field);
            }

            offered = left;
        }

        Narrow(c => c.Type == type, "type", type, "");
        Narrow(c => c.CloudProvider == provider, "cloud_provider", provider, $"for {type}");
        Narrow(c => c.Region == region, "region", region, $"for {type} on {provider}");
        Narrow(c => c.Version == version, "version", version, $"for {type} in {region}");
        Narrow(c => c.Memory == memory, "memory", memory, $"for {type} in {region}");
        if (storage is not null)
        {
            Narrow(c => c.Storage == storage, "storage", storage, $"with {memory} memory for {type} in {region}");
        }

        return offered.First();
    }

    private static void CheckDatabaseOptions(string type, string memory, bool? vectorOptimized, bool? graphAnalyticsPlugin)
    {
        foreach (var (field, value) in new[] { ("vector_optimized", vectorOptimized), ("graph_analytics_plugin", graphAnalyticsPlugin) })
        {
            if (value is not null && !InstanceType.HasDatabaseOptions(type))
            {
                throw ApiException.BadRequest(
                    $"{field} applies to professional-db, business-critical and enterprise-db instances only, not {type}.",
                    Reasons.UnsupportedConfiguration, field);
            }
        }

        if (vectorOptimized == true && AuraValues.Gigabytes(memory) < AuraValues.VectorOptimizedMinMemoryGb)
        {
            throw ApiException.BadRequest(
                $"Vector optimization needs at least {AuraValues.VectorOptimizedMinMemoryGb}GB of memory, not {memory}.",
                Reasons.UnsupportedConfiguration, "vector_optimized");
        }
    }

    /// <summary>Checks the clone's source (and snapshot), and takes a snapshot of the source now when none was named.</summary>
    private void PrepareCloneSource(string sourceInstanceId, string? sourceSnapshotId)
    {
        var source = state.Instances.FirstOrDefault(i => i.Id == sourceInstanceId)
            ?? throw ApiException.BadRequest($"DB not found: {sourceInstanceId}", Reasons.DbNotFound, "source_instance_id");
        if (sourceSnapshotId is not null)
        {
            var snapshot = FindSnapshotLocked(source, sourceSnapshotId)
                ?? throw ApiException.BadRequest($"Snapshot not found: {sourceSnapshotId}", Reasons.SnapshotNotFound, "source_snapshot_id");
            RequireExportable(snapshot);
            return;
        }

        if (InstanceStatus.IsTransitional(source.Status))
        {
            throw ApiException.Busy(source.Status);
        }

        if (source.Status != InstanceStatus.Running)
        {
            throw ApiException.BadRequest(
                $"Instance {source.Id} is {source.Status}: a new snapshot can be taken only of a running instance; name an exportable snapshot in source_snapshot_id.",
                Reasons.InstanceNotRunning, "source_instance_id");
        }

        if (source.Type == InstanceType.FreeDb)
        {
            throw ApiException.BadRequest("An AuraDB Free instance takes no snapshots, so it cannot be cloned.",
                Reasons.UnsupportedConfiguration, "source_instance_id");
        }

        TakeOnDemandSnapshot(source, fail: false);
    }

    private static void RequireExportable(SnapshotRecord snapshot)
    {
        if (!snapshot.IsUsableForClone)
        {
            var why = snapshot.Status != SnapshotStatus.Completed
                ? $"it is {snapshot.Status}"
                : snapshot.Kind == SnapshotKind.Differential ? "it is a differential snapshot" : "it is past its exportable days";
            throw ApiException.BadRequest(
                $"Snapshot {snapshot.SnapshotId} is not exportable ({why}); only an exportable, Completed snapshot can seed another instance.",
                Reasons.SnapshotNotExportable, "source_snapshot_id");
        }
    }

    private static bool IsSmaller(InstanceState target, InstanceState source)
    {
        static int Gb(string size) => AuraValues.Gigabytes(size) ?? 0;
        return Gb(target.Memory) < Gb(source.Memory)
            || (source.Type != InstanceType.FreeDb && Gb(target.Storage) < Gb(source.Storage));
    }

    private static void OpenPausedInterval(InstanceState instance, DateTimeOffset at)
    {
        if (!instance.PausedIntervals.Any(p => p.To is null))
        {
            instance.PausedIntervals.Add(new PausedInterval { From = at });
        }
    }

    private static void ClosePausedInterval(InstanceState instance, DateTimeOffset at)
    {
        foreach (var open in instance.PausedIntervals.Where(p => p.To is null))
        {
            open.To = at;
        }
    }

    /// <summary>Ends the transitions that are due (applying a resize's changes, opening a pause); removes destroyed instances.</summary>
    private bool AdvanceInstances(DateTimeOffset now)
    {
        var changed = false;
        foreach (var instance in state.Instances.ToList())
        {
            instance.PausedIntervals.RemoveAll(p => p.To is DateTimeOffset to && now - to > SnapshotPlan.For(instance.Type).LongestRetention);
            if (instance.StatusForced || instance.NextStatus is null || instance.NextStatusAt > now)
            {
                continue;
            }

            changed = true;
            if (instance.NextStatus == InstanceStatus.Gone)
            {
                state.Instances.Remove(instance);
                state.Snapshots.RemoveAll(s => s.InstanceId == instance.Id);
                continue;
            }

            if (instance.NextStatus == InstanceStatus.Paused)
            {
                OpenPausedInterval(instance, instance.NextStatusAt!.Value);
            }

            if (instance.Pending is { } pending)
            {
                instance.Memory = pending.Memory ?? instance.Memory;
                instance.Storage = pending.Storage ?? instance.Storage;
                instance.VectorOptimized = pending.VectorOptimized ?? instance.VectorOptimized;
                instance.GraphAnalyticsPlugin = pending.GraphAnalyticsPlugin ?? instance.GraphAnalyticsPlugin;
                instance.SecondariesCount = pending.SecondariesCount ?? instance.SecondariesCount;
                instance.CdcEnrichmentMode = pending.CdcEnrichmentMode ?? instance.CdcEnrichmentMode;
                instance.Pending = null;
            }

            instance.Status = instance.NextStatus;
            instance.NextStatus = null;
            instance.NextStatusAt = null;
        }

        return changed;
    }
}
