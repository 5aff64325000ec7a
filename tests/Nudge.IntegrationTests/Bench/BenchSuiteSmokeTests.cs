using Nudge.Bench;

namespace Nudge.IntegrationTests.Bench;

/// <summary>
/// Every benchmark suite run at its tiny size, so that the suites cannot rot. Nothing here depends on timing: only that
/// each suite runs to the end and reports figures that are numbers.
/// </summary>
public sealed class BenchSuiteSmokeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Suites() => [.. BenchSuites.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Run_TinySize_ReportsFiguresThatAreNumbers(string name)
    {
        var suite = BenchSuites.Find(name).ShouldNotBeNull();
        var scratch = Directory.CreateTempSubdirectory("nudge-bench-smoke-").FullName;
        using var output = new StringWriter();
        try
        {
            var context = new BenchContext(BenchSize.Tiny, scratch, Environment.GetEnvironmentVariable("NUDGE_TEST_POSTGRES"), output);

            await suite.RunAsync(context, Ct);

            context.Figures.ShouldNotBeEmpty();
            foreach (var figure in context.Figures)
            {
                double.IsFinite(figure.Value).ShouldBeTrue(figure.ToString());
                figure.Value.ShouldBeGreaterThanOrEqualTo(0, figure.ToString());
                figure.Name.ShouldMatch("^[a-z0-9_]+$");
            }

            output.ToString().ShouldContain($"{context.Figures[0].Name}: ");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public async Task WriteSection_SecondRun_ReplacesOnlyThatSuitesSection()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("nudge-bench-md-").FullName, "BENCHMARKS.md");
        var compose = BenchSuites.Find("compose").ShouldNotBeNull();
        var other = new NamedSuite("other");
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        await BenchmarksFile.WriteSectionAsync(path, compose, [new BenchFigure("compose", 1000, "messages/s")], at, Ct);
        await BenchmarksFile.WriteSectionAsync(path, other, [new BenchFigure("other", 7, "things")], at, Ct);
        await BenchmarksFile.WriteSectionAsync(path, compose, [new BenchFigure("compose", 2000, "messages/s")], at, Ct);

        var text = await File.ReadAllTextAsync(path, Ct);
        text.ShouldStartWith("# Benchmarks");
        text.ShouldContain("compose: 2000 messages/s");
        text.ShouldNotContain("compose: 1000 messages/s");
        text.ShouldContain("other: 7 things");
        text.ShouldContain("`./bench/run.sh compose` on 2026-11-25 12:00 UTC");
        text.IndexOf("## compose", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("## other", StringComparison.Ordinal));
    }

    private sealed class NamedSuite(string name) : IBenchSuite
    {
        public string Name => name;

        public string Description => "A suite for the file's test.";

        public Task RunAsync(BenchContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
