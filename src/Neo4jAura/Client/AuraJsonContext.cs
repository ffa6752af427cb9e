using System.Collections.Generic;
using System.Text.Json.Serialization;
using Neo4jAura.Errors;

namespace Neo4jAura.Client;

/// <summary>The one source-generated JSON context: every DTO the module reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AuraInstance))]
[JsonSerializable(typeof(AuraApiError))]
[JsonSerializable(typeof(List<AuraApiError>))]
[JsonSerializable(typeof(CreateInstanceRequest))]
[JsonSerializable(typeof(UpdateInstanceRequest))]
[JsonSerializable(typeof(OverwriteInstanceRequest))]
[JsonSerializable(typeof(UpgradeInstanceRequest))]
[JsonSerializable(typeof(InstanceSizingRequest))]
[JsonSerializable(typeof(CreateCustomerManagedKeyRequest))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionSizingRequest))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraInstance>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraInstance>>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraInstanceSummary>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraInstanceCreated>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraSnapshot>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraSnapshot>>))]
[JsonSerializable(typeof(AuraDataEnvelope<SnapshotCreated>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraTenant>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraTenantSummary>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraMetricsIntegration>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraInstanceSizing>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraCustomerManagedKey>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraCustomerManagedKey>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraGraphAnalyticsSession>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraGraphAnalyticsSession>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraGraphAnalyticsSessionSizing>))]
[JsonSerializable(typeof(AuraDataEnvelope<SessionDeleted>))]
[JsonSerializable(typeof(AuraTokenResponse))]
[JsonSerializable(typeof(AuraErrorBody))]
internal sealed partial class AuraJsonContext : JsonSerializerContext
{
}
