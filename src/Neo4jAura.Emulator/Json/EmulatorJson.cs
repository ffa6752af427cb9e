using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Json;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DataResponse<InstanceView>))]
[JsonSerializable(typeof(DataResponse<InstanceUpgradedView>))]
[JsonSerializable(typeof(DataResponse<List<InstanceSummaryView>>))]
[JsonSerializable(typeof(DataResponse<InstanceCreatedView>))]
[JsonSerializable(typeof(DataResponse<InstanceSizingView>))]
[JsonSerializable(typeof(DataResponse<SnapshotView>))]
[JsonSerializable(typeof(DataResponse<List<SnapshotView>>))]
[JsonSerializable(typeof(DataResponse<SnapshotCreatedView>))]
[JsonSerializable(typeof(DataResponse<List<TenantSummaryView>>))]
[JsonSerializable(typeof(DataResponse<TenantView>))]
[JsonSerializable(typeof(DataResponse<MetricsIntegrationView>))]
[JsonSerializable(typeof(DataResponse<List<KeySummaryView>>))]
[JsonSerializable(typeof(DataResponse<KeyView>))]
[JsonSerializable(typeof(DataResponse<List<SessionView>>))]
[JsonSerializable(typeof(DataResponse<SessionView>))]
[JsonSerializable(typeof(DataResponse<SessionCreatedView>))]
[JsonSerializable(typeof(DataResponse<SessionDeletedView>))]
[JsonSerializable(typeof(DataResponse<SessionSizingView>))]
[JsonSerializable(typeof(AuraErrorBody))]
[JsonSerializable(typeof(MiddlewareErrorBody))]
[JsonSerializable(typeof(OAuthErrorBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(EmulatorSettings))]
[JsonSerializable(typeof(ClockView))]
[JsonSerializable(typeof(List<RequestLogEntry>))]
[JsonSerializable(typeof(List<FaultRule>))]
[JsonSerializable(typeof(FaultRule))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
    /// <summary>The API contract, without needless escaping of '+', quotes or '&lt;'.</summary>
    public static EmulatorJsonContext Api { get; } = new(CreateOptions(indented: false));

    /// <summary>The same contract, indented (state files, GET /_emulator/state).</summary>
    public static EmulatorJsonContext Indented { get; } = new(CreateOptions(indented: true));

    private static JsonSerializerOptions CreateOptions(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        WriteIndented = indented,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
