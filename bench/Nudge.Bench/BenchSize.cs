namespace Nudge.Bench;

/// <summary>How big a suite's runs are.</summary>
public enum BenchSize
{
    /// <summary>The sizes the figures in <c>docs/BENCHMARKS.md</c> are measured at.</summary>
    Full,

    /// <summary>A few items of each run: the test suite's smoke run, so that the suites cannot rot. Its figures mean nothing.</summary>
    Tiny,
}
