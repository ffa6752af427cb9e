using Neo4jAura.Emulator.Control;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Pipeline;

/// <summary>Everything one emulator instance shares between its middleware and endpoints.</summary>
internal sealed class EmulatorServices
{
    public EmulatorServices(EmulatorStore store, TokenService tokens, TimeProvider time)
    {
        Store = store;
        Tokens = tokens;
        Time = time;
    }

    public EmulatorStore Store { get; }
    public TokenService Tokens { get; }
    public TimeProvider Time { get; }
    public FaultInjector Faults { get; } = new();
    public RequestLog Log { get; } = new();
    public SlidingWindowRateLimiter ApiLimiter { get; } = new(TimeSpan.FromMinutes(1));
    public SlidingWindowRateLimiter TokenLimiter { get; } = new(TimeSpan.FromHours(1));

    /// <summary>HttpContext.Items key of the client id a request was made for (for the request log).</summary>
    public const string ClientIdItem = "aura-emulator.client-id";
}
