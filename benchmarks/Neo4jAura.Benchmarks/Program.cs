using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Neo4jAura.Benchmarks;

public static class Program
{
    /// <summary>
    /// dotnet run -c Release --project benchmarks/Neo4jAura.Benchmarks -- --filter *
    /// dotnet run -c Release --project benchmarks/Neo4jAura.Benchmarks -- --quick-parsing [rounds]   (see QuickParsing)
    /// In-process toolchain: the module is already built by this project's reference; no second build of it per run.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--quick-parsing")
        {
            QuickParsing.Run(args.Length > 1 ? int.Parse(args[1]) : 20);
            return;
        }
        var config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(30)
                .AsDefault())
            // The median beside the mean: on a shared two-core machine a few slow iterations move the mean (and
            // the Ratio column, a ratio of means); benchmarks/README.md reports the ratio of medians too.
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
