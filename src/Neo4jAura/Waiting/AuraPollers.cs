using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;

namespace Neo4jAura.Waiting;

/// <summary>Source of instance states for waits (the client; a fake in tests).</summary>
internal interface IInstanceSource
{
    Task<AuraInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>Source of snapshot states for waits.</summary>
internal interface ISnapshotSource
{
    Task<AuraSnapshot> GetSnapshotAsync(string instanceId, string snapshotId, CancellationToken cancellationToken);
    /// <summary>Today's snapshots of an instance (the API lists one day per request).</summary>
    Task<IReadOnlyList<AuraSnapshot>> ListSnapshotsAsync(string instanceId, CancellationToken cancellationToken);
}

internal sealed class ClientSource : IInstanceSource, ISnapshotSource
{
    private readonly AuraClient _client;
    public ClientSource(AuraClient client) => _client = client;
    public Task<AuraInstance> GetInstanceAsync(string instanceId, CancellationToken ct) => _client.Instances.GetAsync(instanceId, ct);
    public Task<AuraSnapshot> GetSnapshotAsync(string instanceId, string snapshotId, CancellationToken ct) => _client.Snapshots.GetAsync(instanceId, snapshotId, ct);
    public Task<IReadOnlyList<AuraSnapshot>> ListSnapshotsAsync(string instanceId, CancellationToken ct) => _client.Snapshots.ListAsync(instanceId, null, ct);
}

/// <summary>
/// Polls instances: one GET per instance (the API's list carries no status), concurrently. The same instance waited
/// for twice is read once.
/// </summary>
internal sealed class InstancePoller : IWaitPoller<AuraInstance>
{
    private readonly IInstanceSource _source;
    public InstancePoller(IInstanceSource source) => _source = source;

    public int CostOf(IReadOnlyCollection<WaitItem<AuraInstance>> items) => items.Select(i => i.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    public async Task<IReadOnlyList<PollOutcome<AuraInstance>>> PollAsync(IReadOnlyList<WaitItem<AuraInstance>> items, CancellationToken cancellationToken)
    {
        var reads = items.Select(i => i.Key).Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(k => k, k => ReadAsync(k, cancellationToken), StringComparer.OrdinalIgnoreCase);
        await Task.WhenAll(reads.Values).ConfigureAwait(false);
        var outcomes = new PollOutcome<AuraInstance>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var goal = GoalOf(item);
            var (instance, error) = reads[item.Key].Result;
            if (instance is not null) outcomes[i] = goal.Evaluate(Merge(item.Current, instance.Clone()), item.Label);
            else if (error!.StatusCode == 404) outcomes[i] = goal.NotFound(error, item.Current);
            else outcomes[i] = PollOutcome<AuraInstance>.TransientError(error);
        }
        return outcomes;
    }

    private async Task<(AuraInstance? Instance, AuraApiException? Error)> ReadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await _source.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false), null);
        }
        catch (AuraApiException ex)
        {
            return (null, ex);
        }
    }

    private static InstanceGoal GoalOf(WaitItem<AuraInstance> item)
        => item.Goal as InstanceGoal ?? throw new InvalidOperationException("An instance wait item needs an InstanceGoal.");

    /// <summary>The newest answer, with fields it lacks filled from what was known; <paramref name="known"/> may be null.</summary>
    internal static AuraInstance Merge(AuraInstance? known, AuraInstance seen)
    {
        if (known is null) return seen;
        if (string.IsNullOrEmpty(seen.Id)) seen.Id = known.Id;
        seen.Name ??= known.Name;
        seen.Status ??= known.Status;
        seen.TenantId ??= known.TenantId;
        seen.CloudProvider ??= known.CloudProvider;
        seen.Region ??= known.Region;
        seen.Type ??= known.Type;
        seen.Memory ??= known.Memory;
        seen.Storage ??= known.Storage;
        seen.ConnectionUrl ??= known.ConnectionUrl;
        seen.CreatedAt ??= known.CreatedAt;
        seen.MetricsIntegrationUrl ??= known.MetricsIntegrationUrl;
        seen.CustomerManagedKeyId ??= known.CustomerManagedKeyId;
        seen.VectorOptimized ??= known.VectorOptimized;
        seen.GraphAnalyticsPlugin ??= known.GraphAnalyticsPlugin;
        seen.SecondariesCount ??= known.SecondariesCount;
        seen.CdcEnrichmentMode ??= known.CdcEnrichmentMode;
        seen.Credential ??= known.Credential;
        return seen;
    }
}

/// <summary>
/// Polls snapshots: per instance, one GET for a single snapshot or today's list for several (then a GET for those the
/// list lacks). A snapshot not found in its first minute is still being registered (a transient miss), not a failure.
/// </summary>
internal sealed class SnapshotPoller : IWaitPoller<AuraSnapshot>
{
    /// <summary>How long after the wait starts a 404 still means "not listed yet".</summary>
    internal static readonly TimeSpan NotFoundGrace = TimeSpan.FromSeconds(60);
    private readonly ISnapshotSource _source;
    private readonly TimeProvider _time;

    public SnapshotPoller(ISnapshotSource source, TimeProvider? time = null)
    {
        _source = source;
        _time = time ?? TimeProvider.System;
    }

    public int CostOf(IReadOnlyCollection<WaitItem<AuraSnapshot>> items)
        => items.Select(i => i.Current.InstanceId).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    public async Task<IReadOnlyList<PollOutcome<AuraSnapshot>>> PollAsync(IReadOnlyList<WaitItem<AuraSnapshot>> items, CancellationToken cancellationToken)
    {
        var outcomes = new PollOutcome<AuraSnapshot>[items.Count];
        var groups = Enumerable.Range(0, items.Count).GroupBy(i => items[i].Current.InstanceId, StringComparer.OrdinalIgnoreCase).ToList();
        var tasks = groups.Select(g => PollGroupAsync(g.Key, g.ToList(), items, outcomes, cancellationToken)).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return outcomes;
    }

    private async Task PollGroupAsync(string instanceId, List<int> indexes, IReadOnlyList<WaitItem<AuraSnapshot>> items,
        PollOutcome<AuraSnapshot>[] outcomes, CancellationToken cancellationToken)
    {
        if (indexes.Select(i => items[i].Current.SnapshotId).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1)
        {
            foreach (var i in indexes) outcomes[i] = await PollOneAsync(items[i], cancellationToken).ConfigureAwait(false);
            return;
        }
        IReadOnlyList<AuraSnapshot> listed;
        try
        {
            listed = await _source.ListSnapshotsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (AuraApiException ex) when (ex.StatusCode == 404)
        {
            foreach (var i in indexes) outcomes[i] = PollOutcome<AuraSnapshot>.Failed(ex, items[i].Current, items[i].Status);
            return;
        }
        catch (AuraApiException ex)
        {
            foreach (var i in indexes) outcomes[i] = PollOutcome<AuraSnapshot>.TransientError(ex);
            return;
        }
        var byId = new Dictionary<string, AuraSnapshot>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in listed) if (!string.IsNullOrEmpty(s.SnapshotId)) byId[s.SnapshotId] = s;
        foreach (var i in indexes)
        {
            var item = items[i];
            outcomes[i] = byId.TryGetValue(item.Current.SnapshotId, out var seen)
                ? SnapshotGoal.Evaluate(Fill(seen, item.Current), item.Label)
                : await PollOneAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PollOutcome<AuraSnapshot>> PollOneAsync(WaitItem<AuraSnapshot> item, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await _source.GetSnapshotAsync(item.Current.InstanceId, item.Current.SnapshotId, cancellationToken).ConfigureAwait(false);
            return SnapshotGoal.Evaluate(Fill(snapshot, item.Current), item.Label);
        }
        catch (AuraApiException ex) when (ex.StatusCode == 404 && _time.GetUtcNow() - item.StartedAt < NotFoundGrace)
        {
            return PollOutcome<AuraSnapshot>.Pending(item.Current, item.Status ?? "Pending");
        }
        catch (AuraApiException ex) when (ex.StatusCode == 404)
        {
            return PollOutcome<AuraSnapshot>.Failed(ex, item.Current, item.Status);
        }
        catch (AuraApiException ex)
        {
            return PollOutcome<AuraSnapshot>.TransientError(ex);
        }
    }

    private static AuraSnapshot Fill(AuraSnapshot seen, AuraSnapshot known)
    {
        if (string.IsNullOrEmpty(seen.InstanceId)) seen.InstanceId = known.InstanceId;
        if (string.IsNullOrEmpty(seen.SnapshotId)) seen.SnapshotId = known.SnapshotId;
        seen.Timestamp ??= known.Timestamp;
        seen.Exportable ??= known.Exportable;
        seen.Profile ??= known.Profile;
        return seen;
    }
}

/// <summary>
/// Polls resources that have one GET each and a plain status (customer-managed keys, graph analytics sessions): the
/// same wait machinery as instances, with the resource's own read and <see cref="StatusGoal{T}"/>.
/// </summary>
internal sealed class StatusPoller<T> : IWaitPoller<T> where T : class
{
    private readonly Func<string, CancellationToken, Task<T>> _get;
    private readonly StatusGoal<T> _goal;

    public StatusPoller(Func<string, CancellationToken, Task<T>> get, StatusGoal<T> goal)
    {
        _get = get;
        _goal = goal;
    }

    public int CostOf(IReadOnlyCollection<WaitItem<T>> items) => items.Select(i => i.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    public async Task<IReadOnlyList<PollOutcome<T>>> PollAsync(IReadOnlyList<WaitItem<T>> items, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(items.Select(item => PollOneAsync(item, cancellationToken))).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<PollOutcome<T>> PollOneAsync(WaitItem<T> item, CancellationToken cancellationToken)
    {
        try
        {
            return _goal.Evaluate(await _get(item.Key, cancellationToken).ConfigureAwait(false), item.Label);
        }
        catch (AuraApiException ex) when (ex.StatusCode == 404)
        {
            return PollOutcome<T>.Failed(ex, item.Current, item.Status);
        }
        catch (AuraApiException ex)
        {
            return PollOutcome<T>.TransientError(ex);
        }
    }
}
