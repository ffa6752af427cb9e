using System.Threading;

namespace Neo4jAura.Client;

/// <summary>Where the HTTP layer sends its verbose and debug lines; the cmdlet base drains them on the pipeline thread.</summary>
internal interface IAuraTraceSink
{
    void Verbose(string message);
    void Debug(string message);
    /// <summary>Degraded success the user should see (e.g. a deprecated API version).</summary>
    void Warning(string message);
    /// <summary>False when verbose lines would not show; the per-request line is then not even formatted.</summary>
    bool VerboseEnabled { get; }
    /// <summary>False unless -Debug (or $DebugPreference) asks for bodies, so they are not even formatted otherwise.</summary>
    bool DebugEnabled { get; }
}

/// <summary>The sink of the current logical call (flows into Task.Run and awaits).</summary>
internal static class AuraTrace
{
    private static readonly AsyncLocal<IAuraTraceSink?> CurrentSink = new();

    public static IAuraTraceSink? Current
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }
}
