using System.Globalization;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator;

/// <summary>The command line of aura-emulator: parses options, starts the server, prints the banner, serves until stopped.</summary>
public static class EmulatorCommandLine
{
    public const string DefaultUrls = "http://127.0.0.1:8787";

    public const string Usage = """
        aura-emulator: a local emulator of the Neo4j Aura management API.

        Usage: aura-emulator [options]

          --urls URLS                   where to listen (default http://127.0.0.1:8787; port 0 picks a free port)
          --client-id ID                client id that may obtain tokens (default: generated and printed)
          --client-secret SECRET        its secret (default: generated and printed)
          --extra-client ID:SECRET      one more client (repeatable); each client has its own rate limits
          --transition-seconds S        seconds each instance transition takes: pausing, resuming, updating,
                                        destroying, restoring, overwriting; keys and sessions too (default 3)
          --creation-seconds S          seconds creating an instance or a clone takes (default: the transition time)
          --snapshot-seconds S          seconds an on-demand snapshot runs before it is Completed (default 3)
          --token-lifetime-seconds S    lifetime of access tokens (default 3600)
                                        (every duration is 0 to 86400 seconds)
          --rate-limit N                API requests per client in any 60 s (default 125; 0 = off)
          --token-rate-limit N          token requests per client in any hour (default 15; 0 = off)
          --no-token-limit              same as --token-rate-limit 0
          --state FILE                  load state from FILE if it exists; save it there after every change
          --seed FILE                   start (and reset) from this JSON seed (see README: tenants, instances,
                                        snapshots, customer_managed_keys, sessions)
          --control-token TOKEN         control requests must send it in X-Emulator-Control-Token; generated and
                                        printed when --urls reaches beyond loopback and none is given
          --log-requests                print one line per API and token request (time, method, path, status,
                                        ms, request id) to standard output
          --verbose                     log informational messages to standard error
          -h, --help                    show this help

        Control API under /_emulator (loopback Host and no Origin header; the token when there is one):
        reset, requests, faults, settings, clock, tokens/revoke, tokens/expire, instances/{id}/status,
        instances/{id}/snapshots/{sid}/status, state, health.
        Exit codes: 0 stopped, 1 unusable address, seed or state file, 2 bad arguments.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        EmulatorOptions options;
        try
        {
            var parsed = Parse(args);
            if (parsed is null)
            {
                Console.Out.WriteLine(Usage);
                return 0;
            }

            options = parsed;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("aura-emulator: " + ex.Message);
            Console.Error.WriteLine("Run 'aura-emulator --help' for the options.");
            return 2;
        }

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(options);
        }
        catch (EmulatorConfigurationException ex)
        {
            Console.Error.WriteLine("aura-emulator: " + ex.Message);
            return 1;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Console.Error.WriteLine("aura-emulator: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or UriFormatException)
        {
            var why = ex is IOException && ex.Message.Contains("in use", StringComparison.OrdinalIgnoreCase)
                ? "the address is already in use"
                : FirstLine(ex.Message);
            Console.Error.WriteLine("aura-emulator: cannot listen on " + options.Urls + ": " + why);
            return 1;
        }

        await using (server)
        {
            Console.Out.WriteLine(Banner(server));
            Console.Out.Flush();
            await server.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>
    /// The start-up banner. Test harnesses parse its first lines ("Listening on:\s+(http\S+)", "Client id:",
    /// "Client secret:"); the lines after them may grow.
    /// </summary>
    public static string Banner(EmulatorServer server)
    {
        var o = server.Options;
        string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        var lines = new List<string>
        {
            "Neo4j Aura API emulator",
            "  Listening on:  " + string.Join(", ", server.Addresses),
            "  Client id:     " + server.ClientId,
            "  Client secret: " + server.ClientSecret,
            "  State file:    " + (string.IsNullOrEmpty(o.StateFile) ? "none (state in memory)" : Path.GetFullPath(o.StateFile)),
            "  Seed:          " + (string.IsNullOrEmpty(o.SeedFile) ? "built-in" : Path.GetFullPath(o.SeedFile)),
            "  Timings:       transitions " + Seconds(o.TransitionTime) + ", creation " + Seconds(o.CreationTime ?? o.TransitionTime)
                + ", snapshots " + Seconds(o.SnapshotTime) + ", tokens " + Seconds(o.TokenLifetime),
            "  Control API:   " + new Uri(server.BaseUri, "_emulator").ToString().TrimEnd('/')
                + (server.ControlToken is null ? " (loopback callers only)" : " (send X-Emulator-Control-Token)"),
        };
        if (server.ControlToken is not null)
        {
            lines.Add("  Control token: " + server.ControlToken);
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(new[] { '\r', '\n' });
        return newline < 0 ? text : text[..newline];
    }

    /// <summary>Parses the arguments; null means --help. Throws <see cref="ArgumentException"/> for bad input.</summary>
    public static EmulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions { Urls = DefaultUrls };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                inline = arg.Substring(eq + 1);
                arg = arg.Substring(0, eq);
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{arg} needs a value.");
                }

                return args[++i];
            }

            switch (arg.ToLowerInvariant())
            {
                case "-h":
                case "--help":
                case "-?":
                case "/?":
                    return null;
                case "--urls":
                    options.Urls = Urls(arg, Value());
                    break;
                case "--client-id":
                    options.ClientId = NonEmpty(arg, Value());
                    break;
                case "--client-secret":
                    options.ClientSecret = NonEmpty(arg, Value());
                    break;
                case "--extra-client":
                    var pair = Value();
                    var colon = pair.IndexOf(':');
                    if (colon <= 0 || colon == pair.Length - 1)
                    {
                        throw new ArgumentException("--extra-client needs ID:SECRET.");
                    }

                    options.AdditionalClients[pair.Substring(0, colon)] = pair.Substring(colon + 1);
                    break;
                case "--transition-seconds":
                    options.TransitionTime = Seconds(arg, Value());
                    break;
                case "--creation-seconds":
                    options.CreationTime = Seconds(arg, Value());
                    break;
                case "--snapshot-seconds":
                    options.SnapshotTime = Seconds(arg, Value());
                    break;
                case "--token-lifetime-seconds":
                    options.TokenLifetime = Seconds(arg, Value());
                    break;
                case "--rate-limit":
                    options.RateLimitPerMinute = Count(arg, Value());
                    break;
                case "--token-rate-limit":
                    options.TokenLimitPerHour = Count(arg, Value());
                    break;
                case "--no-token-limit":
                    options.TokenLimitPerHour = 0;
                    break;
                case "--state":
                    options.StateFile = NonEmpty(arg, Value());
                    break;
                case "--seed":
                    options.SeedFile = NonEmpty(arg, Value());
                    break;
                case "--control-token":
                    var token = NonEmpty(arg, Value());
                    options.ControlToken = token.Length >= 16 && token.All(c => c > ' ' && c < 127)
                        ? token
                        : throw new ArgumentException("--control-token needs at least 16 printable characters without spaces.");
                    break;
                case "--log-requests":
                    options.RequestLogWriter = Console.Out;
                    break;
                case "--verbose":
                    options.MinimumLogLevel = LogLevel.Information;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return options;
    }

    private static string NonEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty.") : value;

    private static TimeSpan Seconds(string name, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
        {
            throw new ArgumentException($"{name} needs a number of seconds from 0 to {Limits.MaxSeconds:0}, not '{value}'.");
        }

        return Limits.CheckSeconds(name, s) is { } problem ? throw new ArgumentException(problem) : TimeSpan.FromSeconds(s);
    }

    private static int Count(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || Limits.CheckCount(name, n) is not null)
        {
            throw new ArgumentException($"{name} needs a whole number from 0 to {Limits.MaxCount}, not '{value}'.");
        }

        return n;
    }

    /// <summary>';'-separated http(s)://HOST:PORT URLs (HOST may be *, + or an IP address).</summary>
    private static string Urls(string name, string value)
    {
        foreach (var url in NonEmpty(name, value).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var probe = url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                throw new ArgumentException($"{name} needs URLs such as http://127.0.0.1:8787, not '{url}'.");
            }
        }

        return value;
    }
}
