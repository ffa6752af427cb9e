using System;
using System.Collections.Generic;

namespace Neo4jAura.Client;

/// <summary>
/// The token requests one client id made in the last hour, process-wide. Aura issues 15 tokens an hour per client;
/// the last <see cref="Reserve"/> of them are kept for tokens the module cannot do without (none is cached, or the
/// cached one is expiring), never spent on speculative ones: a renewal because the API refused a token (which may
/// just be a permission error) or another try after a failed token request. So however many calls are refused,
/// a token is still there for the allowed ones.
/// </summary>
internal sealed class AuraTokenBudget
{
    /// <summary>Token requests Aura allows per client in any hour.</summary>
    public const int HourlyLimit = 15;
    /// <summary>Requests of the hour never spent on speculative token requests.</summary>
    public const int Reserve = 3;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly object _gate = new();
    private readonly Queue<DateTimeOffset> _sent = new();

    /// <summary>Records one token request sent at <paramref name="now"/>.</summary>
    public void Record(DateTimeOffset now)
    {
        lock (_gate)
        {
            Trim(now);
            _sent.Enqueue(now);
        }
    }

    /// <summary>Token requests sent in the hour before <paramref name="now"/>.</summary>
    public int UsedInLastHour(DateTimeOffset now)
    {
        lock (_gate)
        {
            Trim(now);
            return _sent.Count;
        }
    }

    /// <summary>True while a speculative token request leaves the hour's reserve untouched.</summary>
    public bool AllowsSpeculative(DateTimeOffset now) => UsedInLastHour(now) < HourlyLimit - Reserve;

    private void Trim(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() <= now - Window) _sent.Dequeue();
    }
}
