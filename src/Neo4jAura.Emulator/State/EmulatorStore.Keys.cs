using Neo4jAura.Emulator.Api;

namespace Neo4jAura.Emulator.State;

/// <summary>Customer-managed keys: created pending, ready after the transition time, not deletable while an instance uses them.</summary>
public sealed partial class EmulatorStore
{
    public List<CustomerManagedKeyState> ListKeys(string? tenantId = null)
    {
        lock (gate)
        {
            AdvanceLocked();
            return state.CustomerManagedKeys.Where(k => tenantId is null || k.TenantId == tenantId).Select(k => k.Clone()).ToList();
        }
    }

    public CustomerManagedKeyState GetKey(string keyId)
    {
        lock (gate)
        {
            AdvanceLocked();
            return RequireKey(keyId).Clone();
        }
    }

    public CustomerManagedKeyState CreateKey(CreateKeyRequest request)
    {
        lock (gate)
        {
            AdvanceLocked();
            var tenant = FindTenant(request.TenantId)
                ?? throw ApiException.BadRequest($"Tenant not found: {request.TenantId}", Reasons.TenantNotFound, "tenant_id");
            if (!tenant.InstanceConfigurations.Any(c =>
                    c.Type == request.InstanceType && c.CloudProvider == request.CloudProvider && c.Region == request.Region))
            {
                throw ApiException.BadRequest(
                    $"Tenant {tenant.Id} offers no {request.InstanceType} instances in {request.CloudProvider} region {request.Region}.",
                    Reasons.UnsupportedConfiguration, "region");
            }

            var now = SnapshotSchedule.TruncateToSeconds(Now);
            var key = new CustomerManagedKeyState
            {
                Id = Guid.NewGuid().ToString(),
                Name = request.Name,
                CloudProvider = request.CloudProvider,
                Region = request.Region,
                InstanceType = request.InstanceType,
                KeyId = request.KeyId,
                TenantId = tenant.Id,
                Created = now,
                Status = KeyStatus.Pending,
                ReadyAt = now + TransitionTime,
            };
            state.CustomerManagedKeys.Add(key);
            Changed();
            return key.Clone();
        }
    }

    public void DeleteKey(string keyId)
    {
        lock (gate)
        {
            AdvanceLocked();
            var key = RequireKey(keyId);
            if (state.Instances.Any(i => i.CustomerManagedKeyId == key.Id))
            {
                throw ApiException.BadRequest(
                    $"Can not delete encryption key {key.Id}. The key is linked to an active instance.",
                    Reasons.KeyIsActive);
            }

            state.CustomerManagedKeys.Remove(key);
            Changed();
        }
    }

    /// <summary>A key named at instance creation must be ready and made for the same tenant, provider, region and type.</summary>
    private void CheckKeyForInstance(CreateInstanceRequest request)
    {
        const string field = "customer_managed_key_id";
        var id = request.CustomerManagedKeyId!;
        var key = state.CustomerManagedKeys.FirstOrDefault(k => k.Id == id)
            ?? throw ApiException.BadRequest($"Encryption Key not found: {id}", Reasons.KeyNotFound, field);
        if (key.Status != KeyStatus.Ready)
        {
            throw ApiException.BadRequest($"Encryption key {id} is {key.Status}; only a ready key can encrypt an instance.", Reasons.KeyNotReady, field);
        }

        var mismatches = new List<string>();
        if (key.TenantId != request.TenantId) mismatches.Add($"tenant {key.TenantId}");
        if (key.CloudProvider != request.CloudProvider) mismatches.Add($"cloud provider {key.CloudProvider}");
        if (key.Region != request.Region) mismatches.Add($"region {key.Region}");
        if (key.InstanceType != request.Type) mismatches.Add($"instance type {key.InstanceType}");
        if (mismatches.Count > 0)
        {
            throw ApiException.BadRequest(
                $"Encryption key {id} is for {string.Join(", ", mismatches)}; the instance must match it.", Reasons.KeyMismatch, field);
        }
    }

    private CustomerManagedKeyState RequireKey(string keyId) =>
        state.CustomerManagedKeys.FirstOrDefault(k => k.Id == keyId) ?? throw ApiException.KeyNotFound(keyId);

    private bool AdvanceKeys(DateTimeOffset now)
    {
        var changed = false;
        foreach (var key in state.CustomerManagedKeys.Where(k => k.Status == KeyStatus.Pending && k.ReadyAt <= now))
        {
            key.Status = KeyStatus.Ready;
            key.ReadyAt = null;
            changed = true;
        }

        return changed;
    }
}
