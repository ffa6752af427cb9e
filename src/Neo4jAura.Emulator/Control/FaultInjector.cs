using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Neo4jAura.Emulator.Api;
using Neo4jAura.Emulator.State;

namespace Neo4jAura.Emulator.Control;

/// <summary>A registered fault: the next <see cref="Count"/> matching requests get it.</summary>
public sealed class FaultRule
{
    public string Id { get; set; } = "";
    public string Method { get; set; } = "*";
    public string Path { get; set; } = "/**";
    public int Count { get; set; } = 1;
    public string Kind { get; set; } = FaultKinds.Status;
    public int? Status { get; set; }
    public int? RetryAfterSeconds { get; set; }
    public int? DelayMs { get; set; }
    public string? DropStage { get; set; }

    /// <summary>error ({"errors":[...]}) or middleware ({"error": "..."}); null takes the default for the status.</summary>
    public string? Shape { get; set; }

    /// <summary>Where a redirect points (an absolute URL or a reference); null: the same path and query.</summary>
    public string? Location { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    internal Regex? Matcher { get; set; }

    public FaultRule Clone() => (FaultRule)MemberwiseClone();
}

public static class FaultKinds
{
    public const string Status = "status";
    public const string Slow = "slow";
    public const string Drop = "drop";
    public const string Redirect = "redirect";
    public const string BeforeResponse = "before-response";
    public const string MidBody = "mid-body";
}

/// <summary>
/// Holds the registered faults and hands them out to matching requests, first registered first. Paths are matched
/// with .NET's non-backtracking regex engine (linear in the path's length) outside the lock; the lock is held only
/// to take one use of a rule.
/// </summary>
public sealed class FaultInjector
{
    private const int MaxDelayMs = (int)(Limits.MaxSeconds * 1000);
    private readonly object gate = new();
    private ImmutableList<FaultRule> rules = ImmutableList<FaultRule>.Empty;
    private int nextId;

    /// <summary>Checks and registers a rule; returns an error message when it is not valid.</summary>
    public string? Add(FaultRule rule)
    {
        var error = Normalize(rule);
        if (error is not null)
        {
            return error;
        }

        rule.Matcher = GlobToRegex(rule.Path);
        lock (gate)
        {
            rule.Id = (++nextId).ToString(CultureInfo.InvariantCulture);
            rules = rules.Add(rule);
        }

        return null;
    }

    /// <summary>Takes one use of the first rule matching the request, or null.</summary>
    public FaultRule? TryTake(string method, string path)
    {
        foreach (var rule in Volatile.Read(ref rules))
        {
            if ((rule.Method != "*" && !string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase)) || !rule.Matcher!.IsMatch(path))
            {
                continue;
            }

            lock (gate)
            {
                if (rule.Count <= 0)
                {
                    continue; // used up by a concurrent request since the read
                }

                rule.Count--;
                var taken = rule.Clone();
                if (rule.Count == 0)
                {
                    rules = rules.Remove(rule);
                }

                return taken;
            }
        }

        return null;
    }

    public List<FaultRule> Snapshot()
    {
        lock (gate)
        {
            return rules.Select(r => r.Clone()).ToList();
        }
    }

    public bool Remove(string id)
    {
        lock (gate)
        {
            var before = rules.Count;
            rules = rules.RemoveAll(r => r.Id == id);
            return rules.Count < before;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules = ImmutableList<FaultRule>.Empty;
        }
    }

    /// <summary>
    /// '*' matches within one path segment, '**' across segments, '?' one character; a trailing '/' is optional.
    /// Built for the non-backtracking engine, so no pattern can make matching slower than linear.
    /// </summary>
    public static Regex GlobToRegex(string glob)
    {
        if (glob.Length > Limits.MaxGlobLength)
        {
            throw new ArgumentException($"A path glob is at most {Limits.MaxGlobLength} characters long.", nameof(glob));
        }

        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*')
            {
                var across = i + 1 < glob.Length && glob[i + 1] == '*';
                while (i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    i++; // '***' is '**'
                }

                sb.Append(across ? ".*" : "[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        sb.Append("/?$");
        return new Regex(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private static string? Normalize(FaultRule rule)
    {
        rule.Kind = (rule.Kind ?? "").Trim().ToLowerInvariant();
        rule.Method = string.IsNullOrWhiteSpace(rule.Method) ? "*" : rule.Method.Trim().ToUpperInvariant();
        rule.Path = string.IsNullOrWhiteSpace(rule.Path) ? "/**" : rule.Path.Trim();
        if (!rule.Path.StartsWith('/'))
        {
            rule.Path = "/" + rule.Path;
        }

        if (rule.Path.Length > Limits.MaxGlobLength)
        {
            return $"path must be at most {Limits.MaxGlobLength} characters long";
        }

        if (rule.Count is < 1 or > Limits.MaxCount)
        {
            return $"count must be from 1 to {Limits.MaxCount}";
        }

        if (rule.RetryAfterSeconds is < 0 or > (int)Limits.MaxSeconds)
        {
            return $"retry_after_seconds must be from 0 to {Limits.MaxSeconds:0}";
        }

        if (rule.Shape is not null && rule.Shape is not (ErrorShapes.Error or ErrorShapes.Middleware))
        {
            return "shape must be \"error\" or \"middleware\"";
        }

        switch (rule.Kind)
        {
            case FaultKinds.Status:
                rule.Status ??= 503;
                if (rule.Status is < 400 or > 599)
                {
                    return "status must be an HTTP error status (400-599), e.g. 429, 500 or 503";
                }

                if (rule.Status == 429)
                {
                    rule.RetryAfterSeconds ??= 1;
                }

                rule.Shape ??= ErrorShapes.DefaultFor(rule.Status.Value);
                return null;
            case FaultKinds.Slow:
                rule.DelayMs ??= 1000;
                return rule.DelayMs is < 0 or > MaxDelayMs ? $"delay_ms must be from 0 to {MaxDelayMs}" : null;
            case FaultKinds.Drop:
                rule.DropStage = string.IsNullOrWhiteSpace(rule.DropStage) ? FaultKinds.BeforeResponse : rule.DropStage.Trim().ToLowerInvariant();
                return rule.DropStage is FaultKinds.BeforeResponse or FaultKinds.MidBody
                    ? null
                    : "drop_stage must be \"before-response\" or \"mid-body\"";
            case FaultKinds.Redirect:
                rule.Status = 308;
                return rule.Location is not null
                       && (rule.Location.Length > 2048 || rule.Location.Any(char.IsControl) || !Uri.TryCreate(rule.Location, UriKind.RelativeOrAbsolute, out _))
                    ? "location must be a URL or a URI reference"
                    : null;
            default:
                return "kind must be \"status\", \"slow\", \"drop\" or \"redirect\"";
        }
    }
}
