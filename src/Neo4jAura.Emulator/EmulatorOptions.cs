namespace Neo4jAura.Emulator;

/// <summary>How an emulator is started: address, credentials, timings, limits and files.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Kestrel URLs, ';'-separated. Port 0 picks a free port. Default: a free loopback port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>The client id tokens are issued to; generated when null.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret; generated when null.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>More client id/secret pairs that may obtain tokens (each has its own rate limits).</summary>
    public IDictionary<string, string> AdditionalClients { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long each instance status transition takes (creating, pausing, resuming, ...).</summary>
    public TimeSpan TransitionTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long creating an instance or a clone takes; null takes <see cref="TransitionTime"/>.</summary>
    public TimeSpan? CreationTime { get; set; }

    /// <summary>How long an on-demand snapshot runs (Pending, then InProgress) before it is Completed.</summary>
    public TimeSpan SnapshotTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Lifetime of issued access tokens (expires_in).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>API requests allowed per client in any 60 seconds; 0 turns the limit off.</summary>
    public int RateLimitPerMinute { get; set; } = 125;

    /// <summary>Token requests allowed per client in any hour; 0 turns the limit off.</summary>
    public int TokenLimitPerHour { get; set; } = 15;

    /// <summary>When set, state is loaded from this file at start (if it exists) and saved after every change.</summary>
    public string? StateFile { get; set; }

    /// <summary>A JSON seed file (tenants, instances, snapshots); null uses the built-in seed.</summary>
    public string? SeedFile { get; set; }

    /// <summary>
    /// The token control requests must carry in the X-Emulator-Control-Token header. When null and <see cref="Urls"/>
    /// reaches beyond loopback, one is generated (see <see cref="EmulatorServer.ControlToken"/>); on loopback only, null
    /// leaves the control endpoint open to loopback callers.
    /// </summary>
    public string? ControlToken { get; set; }

    /// <summary>Writes one line per API and token request (time, method, path, status, ms, request id) here; null writes none.</summary>
    public TextWriter? RequestLogWriter { get; set; }

    /// <summary>The clock for status transitions, token expiry, rate limits and the request log.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Minimum level of log messages written to standard error.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    internal EmulatorOptions Clone() => (EmulatorOptions)MemberwiseClone();
}
