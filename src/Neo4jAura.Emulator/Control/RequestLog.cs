namespace Neo4jAura.Emulator.Control;

/// <summary>One logged API or token request. Never holds a secret, token or password.</summary>
public sealed record RequestLogEntry(string Time, string Method, string Path, int Status, string? ClientId, string? RequestId = null, double? Ms = null, string? Query = null);

/// <summary>A bounded, thread-safe log of API and token requests (control requests are not logged).</summary>
public sealed class RequestLog
{
    public const int Capacity = 10_000;
    private readonly object gate = new();
    private readonly Queue<RequestLogEntry> entries = new();

    public void Add(RequestLogEntry entry)
    {
        lock (gate)
        {
            entries.Enqueue(entry);
            while (entries.Count > Capacity)
            {
                entries.Dequeue();
            }
        }
    }

    public List<RequestLogEntry> Snapshot()
    {
        lock (gate)
        {
            return entries.ToList();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
