using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>The /instances operations (Aura API v1) over the transport.</summary>
internal sealed class InstanceOperations
{
    private static readonly HttpMethod Patch = new("PATCH");
    private readonly AuraTransport _transport;

    public InstanceOperations(AuraTransport transport) => _transport = transport;

    /// <summary>GET /instances: summaries (id, name, tenant_id, cloud_provider, created_at) of every instance the credentials see.</summary>
    public async Task<IReadOnlyList<AuraInstanceSummary>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        using var list = await OpenListAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return list.Read(cancellationToken).ToList();
    }

    /// <summary>
    /// GET /instances, read one summary at a time from the answer (see <see cref="AuraListReader{T}"/> for when it is
    /// checked whole first), so -Summary puts the first one on the pipeline without materialising the list. Dispose it.
    /// </summary>
    public async Task<AuraListReader<AuraInstanceSummary>> OpenListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var outcome = await _transport.SendAsync(HttpMethod.Get, ListPath(tenantId), null, cancellationToken).ConfigureAwait(false);
        try
        {
            AuraResponses.CheckJsonBody(outcome);
        }
        catch
        {
            outcome.Dispose();
            throw;
        }
        return new AuraListReader<AuraInstanceSummary>(outcome, AuraJsonContext.Default.AuraInstanceSummary);
    }

    /// <summary>GET /instances/{id}: the instance with every field.</summary>
    public async Task<AuraInstance> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await _transport.SendAsync(HttpMethod.Get, "/instances/" + AuraTransport.Escape(instanceId), null, cancellationToken).ConfigureAwait(false);
        return FillId(AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance), instanceId);
    }

    /// <summary>
    /// POST /instances (create, or clone when <see cref="CreateInstanceRequest.SourceInstanceId"/> is set). The
    /// answer (no status: the instance is creating) carries the one-time password, returned in Credential; fields the
    /// answer leaves out are filled from the request. An answer that cannot be read is an error that says the
    /// instance may or may not have been created (with its id when that much can be read).
    /// </summary>
    public async Task<AuraInstance> CreateAsync(CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateName(request.Name, "Name");
        AuraInput.ValidateMemory(request.Memory, "Memory");
        if (request.Storage is not null) AuraInput.ValidateMemory(request.Storage, "Storage");
        AuraInput.ValidateId(request.TenantId, "TenantId");
        if (request.SourceInstanceId is not null) AuraInput.ValidateId(request.SourceInstanceId, "SourceInstanceId");
        if (request.SourceSnapshotId is not null) AuraInput.ValidateId(request.SourceSnapshotId, "SnapshotId");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.CreateInstanceRequest);
        using var outcome = await _transport.SendAsync(HttpMethod.Post, "/instances", body, cancellationToken).ConfigureAwait(false);
        return ReadCreated(outcome, request);
    }

    /// <summary>
    /// PATCH /instances/{id}. A rename alone answers 200 with the instance; anything else 202 with {} (the change has
    /// started): the instance is then read back, so the result is always the instance as Aura has it now.
    /// </summary>
    public async Task<AuraInstance> UpdateAsync(string instanceId, UpdateInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateId(instanceId, "InstanceId");
        if (request.Name is not null) AuraInput.ValidateName(request.Name, "Name");
        if (request.Memory is not null) AuraInput.ValidateMemory(request.Memory, "Memory");
        if (request.Storage is not null) AuraInput.ValidateMemory(request.Storage, "Storage");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.UpdateInstanceRequest);
        AuraInstance? answered;
        using (var outcome = await _transport.SendAsync(Patch, "/instances/" + AuraTransport.Escape(instanceId), body, cancellationToken).ConfigureAwait(false))
        {
            answered = InstanceOrNothing(outcome);
        }
        if (answered is not null && !string.IsNullOrEmpty(answered.Status)) return FillId(answered, instanceId);
        return await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DELETE /instances/{id}: 202 with the instance (destroying).</summary>
    public Task<AuraInstance> DeleteAsync(string instanceId, CancellationToken cancellationToken)
        => InstanceActionAsync(HttpMethod.Delete, instanceId, "", null, cancellationToken);

    /// <summary>POST /instances/{id}/pause: 202 with the instance (pausing).</summary>
    public Task<AuraInstance> PauseAsync(string instanceId, CancellationToken cancellationToken)
        => InstanceActionAsync(HttpMethod.Post, instanceId, "/pause", AuraResponses.EmptyObject, cancellationToken);

    /// <summary>POST /instances/{id}/resume: 202 with the instance (resuming).</summary>
    public Task<AuraInstance> ResumeAsync(string instanceId, CancellationToken cancellationToken)
        => InstanceActionAsync(HttpMethod.Post, instanceId, "/resume", AuraResponses.EmptyObject, cancellationToken);

    /// <summary>
    /// POST /instances/{target}/overwrite: replaces the target's data with the source instance's (a new snapshot of
    /// it, or the snapshot named). 202 with the target (overwriting).
    /// </summary>
    public Task<AuraInstance> OverwriteAsync(string targetInstanceId, OverwriteInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        AuraInput.ValidateId(targetInstanceId, "TargetInstanceId");
        AuraInput.ValidateId(request.SourceInstanceId, "InstanceId");
        if (request.SourceSnapshotId is not null) AuraInput.ValidateId(request.SourceSnapshotId, "SnapshotId");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.OverwriteInstanceRequest);
        return InstanceActionAsync(HttpMethod.Post, targetInstanceId, "/overwrite", body, cancellationToken);
    }

    /// <summary>POST /instances/{id}/upgrade: a Professional instance becomes Business Critical (memory and storage both or neither).</summary>
    public Task<AuraInstance> UpgradeAsync(string instanceId, UpgradeInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (request.Memory is not null) AuraInput.ValidateMemory(request.Memory, "Memory");
        if (request.Storage is not null) AuraInput.ValidateMemory(request.Storage, "Storage");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.UpgradeInstanceRequest);
        return InstanceActionAsync(HttpMethod.Post, instanceId, "/upgrade", body, cancellationToken);
    }

    /// <summary>POST /instances/sizing: the size Aura recommends for a graph.</summary>
    public async Task<AuraInstanceSizing> SizingAsync(InstanceSizingRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AuraJsonContext.Default.InstanceSizingRequest);
        using var outcome = await _transport.SendAsync(HttpMethod.Post, "/instances/sizing", body, cancellationToken).ConfigureAwait(false);
        return AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstanceSizing);
    }

    private async Task<AuraInstance> InstanceActionAsync(HttpMethod method, string instanceId, string suffix, byte[]? body, CancellationToken cancellationToken)
    {
        AuraInput.ValidateId(instanceId, "InstanceId");
        using var outcome = await _transport.SendAsync(method, "/instances/" + AuraTransport.Escape(instanceId) + suffix, body, cancellationToken).ConfigureAwait(false);
        // The action has happened: an answer without the instance is no reason to report a failure.
        return FillId(InstanceOrNothing(outcome) ?? new AuraInstance(), instanceId);
    }

    /// <summary>
    /// The instance in an envelope answer, or null when the answer is empty or holds no instance (a 202 with {}). A
    /// body that is not JSON (an HTML page from a captive portal or proxy) is an error: the API did not answer.
    /// </summary>
    private static AuraInstance? InstanceOrNothing(AuraHttpOutcome outcome)
    {
        if (outcome.Body.Length == 0) return null;
        AuraResponses.CheckJsonBody(outcome);
        try
        {
            var envelope = JsonSerializer.Deserialize(outcome.Body.Span, AuraJsonContext.Default.AuraDataEnvelopeAuraInstance);
            return envelope?.Data;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string ListPath(string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId)) return "/instances";
        AuraInput.ValidateId(tenantId, "TenantId");
        return "/instances?tenantId=" + AuraTransport.Escape(tenantId!);
    }

    private static AuraInstance FillId(AuraInstance instance, string id)
    {
        if (string.IsNullOrEmpty(instance.Id)) instance.Id = id;
        return instance;
    }

    /// <summary>The create answer as an AuraInstance with the one-time password in Credential; gaps filled from the request.</summary>
    private static AuraInstance ReadCreated(AuraHttpOutcome outcome, CreateInstanceRequest request)
    {
        AuraInstanceCreated created;
        try
        {
            created = AuraResponses.ParseData(outcome, AuraJsonContext.Default.AuraDataEnvelopeAuraInstanceCreated);
        }
        catch (AuraApiException ex) when (ex.ErrorId == "AuraInvalidResponse")
        {
            throw MayHaveBeenCreated(outcome, request, ex);
        }
        using (created)
        {
            if (string.IsNullOrEmpty(created.Id))
            {
                throw MayHaveBeenCreated(outcome, request, null);
            }
            var instance = new AuraInstance
            {
                Id = created.Id!,
                Name = created.Name ?? request.Name,
                // The create answer has no status: a new instance (or clone) is creating until Aura says otherwise.
                Status = created.Status ?? "creating",
                TenantId = created.TenantId ?? request.TenantId,
                CloudProvider = created.CloudProvider ?? request.CloudProvider,
                Region = created.Region ?? request.Region,
                Type = created.Type ?? request.Type,
                Memory = created.Memory ?? AuraSize.Parse(request.Memory),
                Storage = created.Storage ?? AuraSize.Parse(request.Storage),
                ConnectionUrl = Redactor.UrlField(created.ConnectionUrl),
                CreatedAt = created.CreatedAt,
                CustomerManagedKeyId = created.CustomerManagedKeyId ?? request.CustomerManagedKeyId,
                VectorOptimized = created.VectorOptimized ?? request.VectorOptimized,
                GraphAnalyticsPlugin = created.GraphAnalyticsPlugin ?? request.GraphAnalyticsPlugin,
                ExtensionData = WithoutSecrets(created.ExtensionData),
            };
            if (created.Password is { } password)
            {
                // PSCredential keeps its own reference; copy so that disposing `created` does not clear it.
                var copy = password.Copy();
                copy.MakeReadOnly();
                instance.Credential = new PSCredential(string.IsNullOrEmpty(created.Username) ? "neo4j" : created.Username, copy);
            }
            return instance;
        }
    }

    /// <summary>
    /// The create request reached Aura and was answered with success, but the answer cannot be read: the instance may
    /// or may not exist (its one-time password is lost either way). The id goes into the message when it can be read.
    /// </summary>
    private static AuraApiException MayHaveBeenCreated(AuraHttpOutcome outcome, CreateInstanceRequest request, Exception? inner)
    {
        var id = AuraResponses.TryReadDataId(outcome);
        var what = id is null ? $"instance '{request.Name}'" : $"instance '{request.Name}' (id {id})";
        return new AuraApiException(
            $"Aura accepted the request to create {what} ({AuraErrors.StatusText(outcome.Status, outcome.ReasonPhrase)}) but its answer could not be read, " +
            "so the instance may or may not have been created, and its one-time password cannot be shown." +
            (inner is null ? "" : " " + inner.Message) + (outcome.RequestId is null ? "" : $" (Request id {outcome.RequestId}.)"),
            "AuraInvalidResponse", ErrorCategory.InvalidResult, inner)
        {
            StatusCode = outcome.Status,
            Method = outcome.Method,
            Path = outcome.Path,
            RequestId = outcome.RequestId,
            OperationMayHaveHappened = true,
            RecommendedAction = id is null
                ? $"Run Get-AuraInstance -Name '{request.Name}' to see whether it exists; if it does, reset its password in the Aura console (or delete it and create it again)."
                : $"Run Get-AuraInstance -InstanceId {id}; reset its password in the Aura console (or delete it and create it again).",
        };
    }

    /// <summary>Drops unknown fields whose name suggests a secret (a "Password" spelled differently stays out of the model).</summary>
    private static Dictionary<string, JsonElement>? WithoutSecrets(Dictionary<string, JsonElement>? extra)
    {
        if (extra is null) return null;
        foreach (var key in extra.Keys.Where(Redactor.IsSensitiveName).ToList()) extra.Remove(key);
        return extra.Count == 0 ? null : extra;
    }
}
