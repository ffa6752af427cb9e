using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Neo4jAura.Client;

namespace Neo4jAura.Commands;

/// <summary>
/// Which connection a cmdlet uses when no -Connection is given: the one Connect-Aura set in this runspace, else
/// the most recent one made in the process (so ForEach-Object -Parallel runspaces work after Connect-Aura in the
/// parent; they share its client, hence one token).
/// </summary>
internal static class AuraSession
{
    private sealed class Holder { public AuraConnection? Connection; }

    private static readonly ConditionalWeakTable<Runspace, Holder> PerRunspace = new();
    private static readonly object Gate = new();
    private static AuraConnection? _latest;

    /// <summary>The current connection of this runspace, else the process's latest, else null.</summary>
    public static AuraConnection? Current
    {
        get
        {
            var runspace = Runspace.DefaultRunspace;
            lock (Gate)
            {
                if (runspace is not null && PerRunspace.TryGetValue(runspace, out var holder) && holder.Connection is not null)
                {
                    return holder.Connection;
                }
                return _latest;
            }
        }
    }

    /// <summary>Makes <paramref name="connection"/> current in this runspace and the process's latest.</summary>
    public static void Set(AuraConnection connection)
    {
        var runspace = Runspace.DefaultRunspace;
        lock (Gate)
        {
            if (runspace is not null) PerRunspace.GetOrCreateValue(runspace).Connection = connection;
            _latest = connection;
        }
    }

    /// <summary>
    /// Forgets <paramref name="connection"/> (or, when null, this runspace's current one) in this runspace and as the
    /// process fallback; returns what was forgotten.
    /// </summary>
    public static AuraConnection? Forget(AuraConnection? connection)
    {
        var runspace = Runspace.DefaultRunspace;
        lock (Gate)
        {
            Holder? holder = null;
            if (runspace is not null) PerRunspace.TryGetValue(runspace, out holder);
            var target = connection ?? holder?.Connection ?? _latest;
            if (target is null) return null;
            if (holder is not null && ReferenceEquals(holder.Connection, target)) holder.Connection = null;
            if (ReferenceEquals(_latest, target)) _latest = null;
            return target;
        }
    }
}
