using System;
using System.Net.Http;
using System.Security;

namespace Neo4jAura.Client;

/// <summary>How an <see cref="AuraClient"/> reaches the API. Tests set TimeProvider and HandlerFactory.</summary>
internal sealed class AuraClientOptions
{
    public Uri BaseUri { get; set; } = new("https://api.neo4j.io");
    public string ApiVersion { get; set; } = "v1";
    public string ClientId { get; set; } = "";
    /// <summary>Held only as a SecureString; read as text only to build the token request.</summary>
    public SecureString ClientSecret { get; set; } = new();
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    /// <summary>Creates the handler under the HttpClients (null: the platform's default). Tests inject fakes here.</summary>
    public Func<HttpMessageHandler>? HandlerFactory { get; set; }
    /// <summary>How many times a retryable request is tried again.</summary>
    public int MaxRetries { get; set; } = 5;
    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
    /// <summary>Requests this connection may send in any 60 seconds; it can only lower its host's pace.</summary>
    public int RequestsPerMinute { get; set; } = AuraSharedState.DefaultRequestsPerMinute;
    /// <summary>The pace of the API host for the whole process, when this connection is the first to it (tests; null: the default).</summary>
    public int? HostRequestsPerMinute { get; set; }
    /// <summary>A token is renewed this long before it expires.</summary>
    public TimeSpan TokenRenewalMargin { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Source of jitter in [0, 1] for retry delays (null: random). Tests make delays exact with it.</summary>
    public Func<double>? Jitter { get; set; }
}
