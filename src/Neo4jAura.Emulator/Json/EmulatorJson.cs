using System.Text.Json;
using System.Text.Json.Serialization;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Json;

/// <summary>{"data": ...}, the envelope of every successful API answer.</summary>
public sealed record DataResponse<T>(T Data);

/// <summary>An instance as the API shows it.</summary>
public sealed record InstanceView(
    string Id, string Name, string Status, string TenantId, string CloudProvider, string Region, string Type,
    string Memory, string Storage, string ConnectionUrl, string MetricsIntegrationUrl, string Neo4jVersion)
{
    public static InstanceView From(InstanceState i) => new(
        i.Id, i.Name, i.Status, i.TenantId, i.CloudProvider, i.Region, i.Type, i.Memory, i.Storage,
        i.ConnectionUrl, i.MetricsIntegrationUrl, i.Neo4jVersion);
}

/// <summary>The answer to create and restore, with the one-time password.</summary>
public sealed record InstanceCreatedView(
    string Id, string Name, string Status, string TenantId, string CloudProvider, string Region, string Type,
    string Memory, string ConnectionUrl, string Username, string Password)
{
    public static InstanceCreatedView From(InstanceState i, string password) => new(
        i.Id, i.Name, i.Status, i.TenantId, i.CloudProvider, i.Region, i.Type, i.Memory, i.ConnectionUrl, "neo4j", password);
}

/// <summary>A snapshot as the API shows it.</summary>
public sealed record SnapshotView(string SnapshotId, string InstanceId, string Status, string Timestamp, bool Exportable, string? Profile)
{
    public static SnapshotView From(SnapshotState s) => new(
        s.SnapshotId, s.InstanceId, s.Status, FormatTime(s.Timestamp), s.Exportable, s.Profile);

    public static string FormatTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The OAuth token answer.</summary>
public sealed record TokenResponse(string AccessToken, long ExpiresIn, string TokenType);

/// <summary>An OAuth-style error that also carries an AuraError list.</summary>
public sealed record OAuthErrorBody(string Error, string ErrorDescription, IReadOnlyList<AuraErrorItem> Errors);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DataResponse<InstanceView>))]
[JsonSerializable(typeof(DataResponse<List<InstanceView>>))]
[JsonSerializable(typeof(DataResponse<InstanceCreatedView>))]
[JsonSerializable(typeof(DataResponse<SnapshotView>))]
[JsonSerializable(typeof(DataResponse<List<SnapshotView>>))]
[JsonSerializable(typeof(DataResponse<TenantState>))]
[JsonSerializable(typeof(DataResponse<List<TenantState>>))]
[JsonSerializable(typeof(AuraErrorBody))]
[JsonSerializable(typeof(OAuthErrorBody))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(EmulatorSettings))]
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
