using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Neo4jAura.Benchmarks;

/// <summary>
/// A quick look at InstanceListParsing without BenchmarkDotNet (seconds, not minutes; for trying a change, not for
/// the record): every method in turn, <c>rounds</c> rounds, each round in a rotated order, a batch of calls per method and round; median and min per method
/// and the ratio of medians to the floor. dotnet run -c Release --project benchmarks/Neo4jAura.Benchmarks -- --quick-parsing [rounds]
/// </summary>
internal static class QuickParsing
{
    private const int Batch = 8;

    public static void Run(int rounds)
    {
        var bench = new InstanceListParsing { Count = 10_000 };
        bench.Setup();
        var methods = typeof(InstanceListParsing).GetMethods()
            .Select(m => (Method: m, Attr: m.GetCustomAttribute<BenchmarkAttribute>()))
            .Where(x => x.Attr is not null)
            .ToList();
        var times = methods.ToDictionary(m => m.Method.Name, _ => new List<double>());
        void Call(MethodInfo m)
        {
            var result = m.Invoke(bench, null);
            if (result is System.Threading.Tasks.Task t) t.GetAwaiter().GetResult();
        }
        foreach (var (m, _) in methods) { Call(m); Call(m); }
        for (var r = 0; r < rounds; r++)
        {
            for (var k = 0; k < methods.Count; k++)
            {
                var m = methods[(k + r) % methods.Count].Method;
                // A batch of calls in a row, as BenchmarkDotNet does (allocations and collections of the method
                // itself fall inside its own time), timed as a whole.
                var sw = Stopwatch.StartNew();
                for (var b = 0; b < Batch; b++) Call(m);
                times[m.Name].Add(sw.Elapsed.TotalMilliseconds / Batch);
            }
        }
        bench.Cleanup();
        static double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
        var floor = Median(times[methods.Single(m => m.Attr!.Baseline).Method.Name]);
        Console.WriteLine($"{"method",-50} {"median ms",10} {"min ms",8} {"x floor",8}");
        foreach (var (m, a) in methods)
        {
            var xs = times[m.Name];
            Console.WriteLine($"{a!.Description ?? m.Name,-50} {Median(xs),10:0.00} {xs.Min(),8:0.00} {Median(xs) / floor,8:0.00}");
        }
    }
}
