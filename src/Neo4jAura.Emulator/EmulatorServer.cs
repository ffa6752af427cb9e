using System.Security.Cryptography;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.Json;
using Neo4jAura.Emulator.Pipeline;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator;

/// <summary>A running Aura API emulator. Start it with <see cref="StartAsync"/>; dispose it to stop it.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorServices services;
    private int disposed;

    private EmulatorServer(WebApplication app, EmulatorServices services, EmulatorOptions options, string clientId, string clientSecret, IReadOnlyList<string> addresses)
    {
        ControlToken = options.ControlToken;
        this.app = app;
        this.services = services;
        Options = options;
        ClientId = clientId;
        ClientSecret = clientSecret;
        Addresses = addresses;
        BaseUri = ToBaseUri(addresses[0]);
    }

    /// <summary>The address to call, e.g. http://127.0.0.1:54321/ (always ends with '/').</summary>
    public Uri BaseUri { get; }

    /// <summary>The addresses Kestrel actually bound (with the real port when port 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>The token control requests must send in X-Emulator-Control-Token; null when the control endpoint is open to loopback callers.</summary>
    public string? ControlToken { get; }

    /// <summary>The options the server runs with (client id and secret filled in).</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The emulated account, for direct inspection in tests.</summary>
    public EmulatorStore Store => services.Store;

    /// <summary>The registered faults.</summary>
    public FaultInjector Faults => services.Faults;

    /// <summary>The request log (API and token requests).</summary>
    public RequestLog RequestLog => services.Log;

    /// <summary>Issued tokens and client credentials.</summary>
    public TokenService Tokens => services.Tokens;

    /// <summary>Starts an emulator and returns once it is listening.</summary>
    /// <exception cref="EmulatorConfigurationException">The seed or state file cannot be used.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        Validate(options);
        options.ClientId = string.IsNullOrEmpty(options.ClientId) ? GenerateId() : options.ClientId;
        options.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? GenerateSecret() : options.ClientSecret;
        if (string.IsNullOrEmpty(options.ControlToken))
        {
            options.ControlToken = ControlAccess.IsLoopbackOnly(options.Urls) ? null : GenerateSecret();
        }

        var clock = new EmulatorClock(options.TimeProvider ?? TimeProvider.System);
        var store = CreateStore(options, clock);
        var clients = new Dictionary<string, string>(options.AdditionalClients ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [options.ClientId] = options.ClientSecret,
        };
        var services = new EmulatorServices(store, new TokenService(clients), clock, new ControlAccess(options.ControlToken),
            options.RequestLogWriter);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Limits.MaxDrainBytes;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        var verbose = options.MinimumLogLevel <= LogLevel.Information;
        builder.Logging.AddFilter((category, level) =>
            level >= options.MinimumLogLevel
            // Start-up failures (a port in use) are reported by the caller in one line, not as Kestrel's stack trace.
            && (verbose || category is null || !(category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal)
                || category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)
                || category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal))));
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(services);

        var app = builder.Build();
        app.UseStatusCodePages(WriteStatusCodePageAsync);
        app.UseMiddleware<EmulatorMiddleware>();
        TokenEndpoint.Map(app, services);
        ApiEndpoints.Map(app, "/v1", services);
        ApiEndpoints.Map(app, "/v1beta3", services); // deprecated alias: its answers carry X-Tyk-Api-Expires
        ControlEndpoints.Map(app, services);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList()
            ?? new List<string>();
        if (addresses.Count == 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The emulator started but reports no listening address.");
        }

        return new EmulatorServer(app, services, options, options.ClientId, options.ClientSecret, addresses);
    }

    /// <summary>Completes when the host is shut down (Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Checks every duration and count: in range, or an <see cref="ArgumentOutOfRangeException"/> naming it.</summary>
    private static void Validate(EmulatorOptions options)
    {
        foreach (var (name, value) in new (string, TimeSpan?)[]
                 {
                     (nameof(options.TransitionTime), options.TransitionTime), (nameof(options.CreationTime), options.CreationTime),
                     (nameof(options.SnapshotTime), options.SnapshotTime), (nameof(options.TokenLifetime), options.TokenLifetime),
                 })
        {
            if (value is TimeSpan t && Limits.CheckSeconds(name, t.TotalSeconds) is { } problem)
            {
                throw new ArgumentOutOfRangeException(name, problem);
            }
        }

        foreach (var (name, value) in new[] { (nameof(options.RateLimitPerMinute), options.RateLimitPerMinute), (nameof(options.TokenLimitPerHour), options.TokenLimitPerHour) })
        {
            if (Limits.CheckCount(name, value) is { } problem)
            {
                throw new ArgumentOutOfRangeException(name, problem);
            }
        }
    }

    private static EmulatorStore CreateStore(EmulatorOptions options, EmulatorClock clock)
    {
        Func<DateTimeOffset, StateDocument> seedFactory;
        if (!string.IsNullOrEmpty(options.SeedFile))
        {
            if (!File.Exists(options.SeedFile) && !Directory.Exists(options.SeedFile))
            {
                throw new EmulatorConfigurationException($"The seed file '{options.SeedFile}' does not exist.");
            }

            var seed = StateFile.Load(options.SeedFile, "seed", clock.GetUtcNow());
            seedFactory = _ => seed.Clone();
        }
        else
        {
            seedFactory = SeedData.Create;
        }

        StateDocument? initial = null;
        Action<StateDocument>? persist = null;
        if (!string.IsNullOrEmpty(options.StateFile))
        {
            var path = options.StateFile;
            if (Directory.Exists(path))
            {
                throw new EmulatorConfigurationException($"The state file '{path}' is a directory; give the path of a file (it is created when missing).");
            }

            StateFile.RemoveInterruptedSaves(path);
            if (File.Exists(path))
            {
                initial = StateFile.Load(path, "state", clock.GetUtcNow());
            }

            persist = doc => StateFile.Save(path, doc);
        }

        var store = new EmulatorStore(clock, seedFactory, EmulatorSettings.From(options), initial, persist);
        if (persist is not null)
        {
            // Written at once, so an unwritable file is reported now rather than on the first change.
            try
            {
                StateFile.Save(options.StateFile!, store.Export());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new EmulatorConfigurationException($"The state file '{options.StateFile}' cannot be written: {ex.Message}", ex);
            }
        }

        return store;
    }

    private static Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        var ctx = context.HttpContext;
        var status = ctx.Response.StatusCode;
        var (message, reason) = status switch
        {
            404 => ($"No such resource: {ctx.Request.Path}.", Reasons.NotFound),
            413 => ("The request body is too large.", Reasons.BodyTooLarge),
            405 => ($"Method {ctx.Request.Method} is not allowed on {ctx.Request.Path}.", Reasons.MethodNotAllowed),
            _ => ($"HTTP {status}.", "error"),
        };
        return Responses.WriteErrorAsync(ctx, status, message, reason);
    }

    private static Uri ToBaseUri(string address)
    {
        var uri = new Uri(address.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"));
        var host = uri.Host;
        if (host is "0.0.0.0" or "[::]" or "::")
        {
            host = "127.0.0.1";
        }

        var builder = new UriBuilder(uri.Scheme, host, uri.Port, "/");
        return builder.Uri;
    }

    private static string GenerateId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private static string GenerateSecret()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, 48);
    }
}
