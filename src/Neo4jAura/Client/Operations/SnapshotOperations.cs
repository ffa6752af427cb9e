using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Neo4jAura.Client;

/// <summary>The /instances/{id}/snapshots operations (Aura API v1) over the transport.</summary>
internal sealed class SnapshotOperations
{
    private readonly AuraTransport _transport;

    public SnapshotOperations(AuraTransport transport) => _transport = transport;

    /// <summary>
    /// GET /instances/{id}/snapshots[?date=YYYY-MM-DD]: the snapshots of one UTC day (today when <paramref name="day"/>
    /// is null: the API lists one day per request).
    /// </summary>
    public async Task<IReadOnlyList<AuraSnapshot>> ListAsync(string instanceId, DateTime? day, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        var path = "/instances/" + AuraTransport.Escape(instanceId) + "/snapshots";
        if (day is { } d) path += "?date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var outcome = await _transport.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        var list = AuraResponses.ParseList(outcome, AuraJsonContext.Default.AuraDataEnvelopeListAuraSnapshot);
        foreach (var s in list)
        {
            if (string.IsNullOrEmpty(s.InstanceId)) s.InstanceId = instanceId;
        }
        return list;
    }

    /// <summary>GET /instances/{id}/snapshots/{snapshotId}.</summary>
    public async Task<AuraSnapshot> GetAsync(string instanceId, string snapshotId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        AuraInput.ValidateId(snapshotId, "SnapshotId");
        using var outcome = await _transport.SendAsync(HttpMethod.Get, "/instances/" + AuraTransport.Escape(instanceId) + "/snapshots/" + AuraTransport.Escape(snapshotId), null, cancellationToken).ConfigureAwait(false);
        var snapshot = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraSnapshot);
        if (string.IsNullOrEmpty(snapshot.InstanceId)) snapshot.InstanceId = instanceId;
        if (string.IsNullOrEmpty(snapshot.SnapshotId)) snapshot.SnapshotId = snapshotId;
        return snapshot;
    }

    /// <summary>
    /// POST /instances/{id}/snapshots: takes an on-demand snapshot. The API answers only its id; the result is an
    /// AdHoc snapshot whose status is not known until it is read (<see cref="GetAsync"/>).
    /// </summary>
    public async Task<AuraSnapshot> CreateAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await _transport.SendAsync(HttpMethod.Post, "/instances/" + AuraTransport.Escape(instanceId) + "/snapshots", AuraResponses.EmptyObject, cancellationToken).ConfigureAwait(false);
        var created = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeSnapshotCreated);
        if (string.IsNullOrEmpty(created.SnapshotId))
        {
            throw Errors.AuraErrors.InvalidResponse(outcome.Status, outcome.ReasonPhrase, outcome.Method, outcome.Path, outcome.ContentType, "an answer without snapshot_id", null);
        }
        return new AuraSnapshot { SnapshotId = created.SnapshotId!, InstanceId = instanceId, Profile = "AdHoc" };
    }

    /// <summary>
    /// POST /instances/{id}/snapshots/{snapshotId}/restore: restores that instance IN PLACE from one of its own
    /// snapshots (its current data is replaced). 202 with the instance (restoring).
    /// </summary>
    public async Task<AuraInstance> RestoreInPlaceAsync(string instanceId, string snapshotId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        AuraInput.ValidateId(snapshotId, "SnapshotId");
        using var outcome = await _transport.SendAsync(HttpMethod.Post,
            "/instances/" + AuraTransport.Escape(instanceId) + "/snapshots/" + AuraTransport.Escape(snapshotId) + "/restore",
            AuraResponses.EmptyObject, cancellationToken).ConfigureAwait(false);
        var instance = AuraResponses.DataOrNull(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance) ?? new AuraInstance();
        if (string.IsNullOrEmpty(instance.Id)) instance.Id = instanceId;
        return instance;
    }
}
