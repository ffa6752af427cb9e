using System.Collections.Generic;
using System.Text.Json.Serialization;
using Neo4jAura.Errors;
using Neo4jAura.Models;

namespace Neo4jAura.Client;

/// <summary>The one source-generated JSON context: every DTO the module reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
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
internal sealed partial class AuraJsonContext : JsonSerializerContext
{
}
