using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Pipeline;

/// <summary>Everything one emulator instance shares between its middleware and endpoints.</summary>
internal sealed class EmulatorServices
{
    public EmulatorServices(EmulatorStore store, TokenService tokens, EmulatorClock time, ControlAccess control, TextWriter? requestLogWriter)
    {
        Store = store;
        Tokens = tokens;
        Time = time;
        Control = control;
        RequestLogWriter = requestLogWriter;
    }

    public EmulatorStore Store { get; }
    public TokenService Tokens { get; }

    /// <summary>The emulator's clock (the configured one, moved ahead by time travel).</summary>
    public EmulatorClock Time { get; }

    public ControlAccess Control { get; }

    /// <summary>Where --log-requests writes one line per request; null for none.</summary>
    public TextWriter? RequestLogWriter { get; }

    public FaultInjector Faults { get; } = new();
    public RequestLog Log { get; } = new();
    public SlidingWindowRateLimiter ApiLimiter { get; } = new(TimeSpan.FromMinutes(1));
    public SlidingWindowRateLimiter TokenLimiter { get; } = new(TimeSpan.FromHours(1));

    /// <summary>HttpContext.Items key of the client id a request was made for (for the request log).</summary>
    public const string ClientIdItem = "aura-emulator.client-id";

    /// <summary>HttpContext.Items key of the request's X-Request-Id.</summary>
    public const string RequestIdItem = "aura-emulator.request-id";
}
