namespace Nudge.Bench;

/// <summary>One suite of <c>bench/run.sh</c>: measures, and reports each figure through <see cref="BenchContext"/>.</summary>
public interface IBenchSuite
{
    /// <summary>The suite's name on the command line (<c>compose</c>, <c>tick</c>, …).</summary>
    string Name { get; }

    /// <summary>What the suite measures, one sentence, for <c>docs/BENCHMARKS.md</c>.</summary>
    string Description { get; }

    /// <summary>Runs the suite.</summary>
    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}
