using System.Text.RegularExpressions;

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

    [System.Text.Json.Serialization.JsonIgnore]
    internal Regex? Matcher { get; set; }

    public FaultRule Clone() => (FaultRule)MemberwiseClone();
}

public static class FaultKinds
{
    public const string Status = "status";
    public const string Slow = "slow";
    public const string Drop = "drop";
    public const string BeforeResponse = "before-response";
    public const string MidBody = "mid-body";
}

/// <summary>Holds the registered faults and hands them out to matching requests, first registered first.</summary>
public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly List<FaultRule> rules = new();
    private int nextId;

    /// <summary>Checks and registers a rule; returns an error message when it is not valid.</summary>
    public string? Add(FaultRule rule)
    {
        rule.Kind = (rule.Kind ?? "").Trim().ToLowerInvariant();
        rule.Method = string.IsNullOrWhiteSpace(rule.Method) ? "*" : rule.Method.Trim().ToUpperInvariant();
        rule.Path = string.IsNullOrWhiteSpace(rule.Path) ? "/**" : rule.Path.Trim();
        if (!rule.Path.StartsWith('/'))
        {
            rule.Path = "/" + rule.Path;
        }

        if (rule.Count < 1)
        {
            return "count must be 1 or more";
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

                break;
            case FaultKinds.Slow:
                rule.DelayMs ??= 1000;
                if (rule.DelayMs < 0)
                {
                    return "delay_ms must not be negative";
                }

                break;
            case FaultKinds.Drop:
                rule.DropStage = string.IsNullOrWhiteSpace(rule.DropStage) ? FaultKinds.BeforeResponse : rule.DropStage.Trim().ToLowerInvariant();
                if (rule.DropStage is not (FaultKinds.BeforeResponse or FaultKinds.MidBody))
                {
                    return "drop_stage must be \"before-response\" or \"mid-body\"";
                }

                break;
            default:
                return "kind must be \"status\", \"slow\" or \"drop\"";
        }

        if (rule.RetryAfterSeconds is < 0)
        {
            return "retry_after_seconds must not be negative";
        }

        rule.Matcher = GlobToRegex(rule.Path);
        lock (gate)
        {
            rule.Id = (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rules.Add(rule);
        }

        return null;
    }

    /// <summary>Takes one use of the first rule matching the request, or null.</summary>
    public FaultRule? TryTake(string method, string path)
    {
        lock (gate)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if ((rule.Method == "*" || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && rule.Matcher!.IsMatch(path))
                {
                    rule.Count--;
                    if (rule.Count <= 0)
                    {
                        rules.RemoveAt(i);
                    }

                    return rule.Clone();
                }
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
            return rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>'*' matches within one path segment, '**' across segments, '?' one character.</summary>
    public static Regex GlobToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*')
            {
                if (i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    sb.Append(".*");
                    i++;
                }
                else
                {
                    sb.Append("[^/]*");
                }
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
        return new Regex(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
