using Nudge.Bench.Suites;

namespace Nudge.Bench;

/// <summary>Every suite, in the order <c>bench/run.sh</c> runs them when given none.</summary>
public static class BenchSuites
{
    /// <summary>The suites.</summary>
    public static IReadOnlyList<IBenchSuite> All { get; } =
    [
        new ComposeSuite(),
        new TickSuite(),
        new ImportSuite(),
        new E2eSuite(),
        new QuotaSuite(),
    ];

    /// <summary>The suite named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static IBenchSuite? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
