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
          --transition-seconds S        seconds each instance status transition takes (default 3)
          --snapshot-seconds S          seconds a snapshot stays InProgress (default 3)
          --token-lifetime-seconds S    lifetime of access tokens (default 3600)
          --rate-limit N                API requests per client in any 60 s (default 125; 0 = off)
          --token-rate-limit N          token requests per client in any hour (default 15; 0 = off)
          --no-token-limit              same as --token-rate-limit 0
          --state FILE                  load state from FILE if it exists; save it there after every change
          --seed FILE                   start (and reset) from this JSON seed: {"tenants":[],"instances":[],"snapshots":[]}
          --verbose                     log informational messages to standard error
          -h, --help                    show this help

        Control API (no auth): /_emulator/reset, /requests, /faults, /settings, /tokens/revoke, /tokens/expire,
        /instances/{id}/status, /instances/{id}/snapshots/{sid}/status, /state.
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
        catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or UriFormatException)
        {
            Console.Error.WriteLine("aura-emulator: cannot listen on " + options.Urls + ": " + ex.Message);
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

    /// <summary>The start-up banner that test harnesses parse.</summary>
    public static string Banner(EmulatorServer server) =>
        "Neo4j Aura API emulator" + Environment.NewLine
        + "  Listening on:  " + string.Join(", ", server.Addresses) + Environment.NewLine
        + "  Client id:     " + server.ClientId + Environment.NewLine
        + "  Client secret: " + server.ClientSecret;

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
                    options.Urls = NonEmpty(arg, Value());
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
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s < 0 || double.IsNaN(s) || double.IsInfinity(s))
        {
            throw new ArgumentException($"{name} needs a number of seconds (0 or more), not '{value}'.");
        }

        return TimeSpan.FromSeconds(s);
    }

    private static int Count(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new ArgumentException($"{name} needs a whole number (0 or more), not '{value}'.");
        }

        return n;
    }
}
