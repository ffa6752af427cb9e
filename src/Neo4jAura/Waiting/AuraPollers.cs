using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Client;
using Neo4jAura.Errors;
using Neo4jAura.Models;

namespace Neo4jAura.Waiting;

/// <summary>Source of instance states for waits (the client; a fake in tests).</summary>
internal interface IInstanceSource
{
    Task<AuraInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);
    Task<IReadOnlyList<AuraInstance>> ListInstancesAsync(string? tenantId, CancellationToken cancellationToken);
}

/// <summary>Source of snapshot states for waits.</summary>
internal interface ISnapshotSource
{
    Task<AuraSnapshot> GetSnapshotAsync(string instanceId, string snapshotId, CancellationToken cancellationToken);
    Task<IReadOnlyList<AuraSnapshot>> ListSnapshotsAsync(string instanceId, CancellationToken cancellationToken);
}

internal sealed class ClientSource : IInstanceSource, ISnapshotSource
{
    private readonly AuraClient _client;
    public ClientSource(AuraClient client) => _client = client;
    public Task<AuraInstance> GetInstanceAsync(string instanceId, CancellationToken ct) => _client.GetInstanceAsync(instanceId, ct);
    public Task<IReadOnlyList<AuraInstance>> ListInstancesAsync(string? tenantId, CancellationToken ct) => _client.ListInstancesAsync(tenantId, ct);
    public Task<AuraSnapshot> GetSnapshotAsync(string instanceId, string snapshotId, CancellationToken ct) => _client.GetSnapshotAsync(instanceId, snapshotId, ct);
    public Task<IReadOnlyList<AuraSnapshot>> ListSnapshotsAsync(string instanceId, CancellationToken ct) => _client.ListSnapshotsAsync(instanceId, ct);
}

/// <summary>
/// Polls instances: one GET for a single item, one list request for many (whatever their number), then a GET
/// only for those the list did not show.
/// </summary>
internal sealed class InstancePoller : IWaitPoller<AuraInstance>
{
    private readonly IInstanceSource _source;
    public InstancePoller(IInstanceSource source) => _source = source;

    public int CostOf(IReadOnlyCollection<WaitItem<AuraInstance>> items) => items.Count == 0 ? 0 : 1;

    public async Task<IReadOnlyList<PollOutcome<AuraInstance>>> PollAsync(IReadOnlyList<WaitItem<AuraInstance>> items, CancellationToken cancellationToken)
    {
        var outcomes = new PollOutcome<AuraInstance>[items.Count];
        if (items.Select(i => i.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() <= 1)
        {
            for (var i = 0; i < items.Count; i++) outcomes[i] = await PollOneAsync(items[i], cancellationToken).ConfigureAwait(false);
            return outcomes;
        }

        IReadOnlyList<AuraInstance> listed;
        try
        {
            listed = await _source.ListInstancesAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (AuraApiException ex)
        {
            for (var i = 0; i < items.Count; i++) outcomes[i] = PollOutcome<AuraInstance>.TransientError(ex);
            return outcomes;
        }

        var byId = new Dictionary<string, AuraInstance>(StringComparer.OrdinalIgnoreCase);
        foreach (var instance in listed) if (!string.IsNullOrEmpty(instance.Id)) byId[instance.Id] = instance;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var goal = GoalOf(item);
            if (byId.TryGetValue(item.Key, out var seen))
            {
                // The list may carry fewer fields than GET; keep what the item knew.
                outcomes[i] = goal.Evaluate(Merge(item.Current, seen), item.Label);
            }
            else if (goal.IsDelete)
            {
                outcomes[i] = goal.NotFound(new AuraApiException($"{item.Label} is gone.", "AuraInstanceNotFound", System.Management.Automation.ErrorCategory.ObjectNotFound), item.Current);
            }
            else
            {
                outcomes[i] = await PollOneAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        return outcomes;
    }

    private async Task<PollOutcome<AuraInstance>> PollOneAsync(WaitItem<AuraInstance> item, CancellationToken cancellationToken)
    {
        var goal = GoalOf(item);
        try
        {
            var instance = await _source.GetInstanceAsync(item.Key, cancellationToken).ConfigureAwait(false);
            return goal.Evaluate(Merge(item.Current, instance), item.Label);
        }
        catch (AuraApiException ex) when (ex.StatusCode == 404)
        {
            return goal.NotFound(ex, item.Current);
        }
        catch (AuraApiException ex)
        {
            return PollOutcome<AuraInstance>.TransientError(ex);
        }
    }

    private static InstanceGoal GoalOf(WaitItem<AuraInstance> item)
        => item.Goal as InstanceGoal ?? throw new InvalidOperationException("An instance wait item needs an InstanceGoal.");

    /// <summary>The newest answer, with fields it lacks filled from what was known (a list may omit some).</summary>
    internal static AuraInstance Merge(AuraInstance? known, AuraInstance seen)
    {
        if (known is null) return seen;
        seen.Name ??= known.Name;
        seen.TenantId ??= known.TenantId;
        seen.CloudProvider ??= known.CloudProvider;
        seen.Region ??= known.Region;
        seen.Type ??= known.Type;
        seen.Memory ??= known.Memory;
        seen.Storage ??= known.Storage;
        seen.ConnectionUrl ??= known.ConnectionUrl;
        seen.MetricsIntegrationUrl ??= known.MetricsIntegrationUrl;
        seen.Neo4jVersion ??= known.Neo4jVersion;
        return seen;
    }
}

/// <summary>Polls snapshots: per instance, one GET for a single snapshot or one list for several.</summary>
internal sealed class SnapshotPoller : IWaitPoller<AuraSnapshot>
{
    private readonly ISnapshotSource _source;
    public SnapshotPoller(ISnapshotSource source) => _source = source;

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
        return seen;
    }
}
