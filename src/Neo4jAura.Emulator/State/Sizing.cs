namespace Neo4jAura.Emulator.State;

/// <summary>
/// The emulator's deterministic sizing estimates (Aura's own formulas are not published): a graph's size from its
/// node and relationship counts (and, for sessions, property and label counts), times an overhead per algorithm
/// category, plus a fixed base, rounded up to whole GB and then to the next offered size.
/// </summary>
public static class Sizing
{
    private const double GiB = 1024d * 1024 * 1024;

    private static readonly Dictionary<string, double> CategoryOverhead = new(StringComparer.Ordinal)
    {
        ["centrality"] = 0.5,
        ["community-detection"] = 1.0,
        ["link-prediction"] = 1.5,
        ["machine-learning"] = 2.0,
        ["node-embedding"] = 2.0,
        ["pathfinding"] = 0.5,
        ["similarity"] = 1.5,
    };

    /// <summary>POST /instances/sizing: (recommended_size, min_required_memory, did_exceed_maximum).</summary>
    public static (string Recommended, string MinRequired, bool Exceeded) ForInstance(
        long nodes, long relationships, string type, IReadOnlyCollection<string> categories)
    {
        var bytes = nodes * 512d + relationships * 256d;
        var minimum = (long)Math.Ceiling(bytes * Multiplier(categories) / GiB) + 2;
        var sizes = SeedData.OfferedMemoryGb(type).Select(gb => (long)gb).ToList();
        var (recommended, exceeded) = Pick(minimum, sizes);
        return (recommended + "GB", minimum + "GB", exceeded);
    }

    /// <summary>POST /graph-analytics/sessions/sizing: (recommended_size, estimated_memory).</summary>
    public static (string Recommended, string Estimated) ForSession(
        long nodes, long relationships, long nodeProperties, long nodeLabels, long relationshipProperties, IReadOnlyCollection<string> categories)
    {
        var bytes = nodes * (64d + 16d * nodeProperties + 8d * nodeLabels) + relationships * (32d + 16d * relationshipProperties);
        var estimated = (long)Math.Ceiling(bytes * Multiplier(categories) / GiB) + 1;
        var sizes = AuraValues.SessionMemory.Select(m => (long)AuraValues.Gigabytes(m)!.Value).ToList();
        return (Pick(estimated, sizes).Size + "GB", estimated + "GB");
    }

    private static double Multiplier(IEnumerable<string> categories) =>
        1 + categories.Distinct(StringComparer.Ordinal).Sum(c => CategoryOverhead.TryGetValue(c, out var o) ? o : 0);

    private static (long Size, bool Exceeded) Pick(long needed, IReadOnlyList<long> sizes)
    {
        foreach (var size in sizes)
        {
            if (size >= needed)
            {
                return (size, false);
            }
        }

        return (sizes.Count > 0 ? sizes[^1] : needed, true);
    }
}
