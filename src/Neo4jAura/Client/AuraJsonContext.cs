using System.Collections.Generic;
using System.Text.Json.Serialization;
using Neo4jAura.Errors;
using Neo4jAura.Models;

namespace Neo4jAura.Client;

/// <summary>The one source-generated JSON context: every DTO the module reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AuraInstance))]
[JsonSerializable(typeof(List<AuraInstance>))]
[JsonSerializable(typeof(AuraSnapshot))]
[JsonSerializable(typeof(List<AuraSnapshot>))]
[JsonSerializable(typeof(AuraTenant))]
[JsonSerializable(typeof(List<AuraTenant>))]
[JsonSerializable(typeof(AuraApiError))]
[JsonSerializable(typeof(List<AuraApiError>))]
[JsonSerializable(typeof(CreateInstanceRequest))]
[JsonSerializable(typeof(UpdateInstanceRequest))]
[JsonSerializable(typeof(OverwriteInstanceRequest))]
[JsonSerializable(typeof(RestoreSnapshotRequest))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraInstance>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraInstance>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraSnapshot>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraSnapshot>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraTenant>))]
[JsonSerializable(typeof(AuraDataEnvelope<List<AuraTenant>>))]
[JsonSerializable(typeof(AuraDataEnvelope<AuraInstanceCreated>))]
[JsonSerializable(typeof(AuraInstanceCreated))]
[JsonSerializable(typeof(AuraTokenResponse))]
[JsonSerializable(typeof(AuraErrorBody))]
internal sealed partial class AuraJsonContext : JsonSerializerContext
{
}
