using System.Diagnostics;
using System.Globalization;

namespace Nudge.Bench.Suites;

/// <summary>
/// <c>tick</c>: the time of one worker cycle that claims and sends the next 100 due steps, with 10,000, 100,000 and
/// 1,000,000 active enrollments, in SQLite and in PostgreSQL: the cost must grow with the due work, not with the
/// enrollments.
/// </summary>
public sealed class TickSuite : IBenchSuite
{
    private const int Mailboxes = 10;
    private const int WarmUpCycles = 1;

    /// <inheritdoc/>
    public string Name => "tick";

    /// <inheritdoc/>
    public string Description =>
        "Milliseconds of one worker cycle (read the 10 mailboxes' history, claim, render, MIME, send through the Gmail " +
        "client to the loopback sandbox, record, read the history again) for the next 100 due steps, with 10,000, 100,000 " +
        "and 1,000,000 active enrollments whose other steps are due later; SQLite file and PostgreSQL; median of 5 cycles " +
        "after a warm-up. Pacing (the send gap) and the sandbox's and governor's quotas are lifted, so the figure is the " +
        "engine's cost. The machine is shared with other builds while measuring: figures are noisy.";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        int[] sizes = [context.Pick(10_000, 100), context.Pick(100_000, 200), context.Pick(1_000_000, 300)];
        var due = context.Pick(100, 10);
        var cycles = context.Pick(5, 2);

        await RunDialectAsync(context, null, sizes, due, cycles, cancellationToken);
        if (context.Postgres is null)
        {
            context.Note("no PostgreSQL server ($NUDGE_BENCH_POSTGRES): PostgreSQL figures skipped");
        }
        else
        {
            await RunDialectAsync(context, context.Postgres, sizes, due, cycles, cancellationToken);
        }

        // The process's peak: the worker's own at the largest size (the seed runs in the database server, not here).
        context.Report("tick_peak_rss", MachineInfo.PeakRssMegabytes(),
            string.Create(CultureInfo.InvariantCulture, $"MB (worker process, {sizes[^1]:N0} enrollments)"));
    }

    private static async Task RunDialectAsync(BenchContext context, string? postgres, int[] sizes, int due, int cycles,
        CancellationToken cancellationToken)
    {
        await using var engine = await BenchEngine.StartAsync("tick", context.Scratch, postgres, Mailboxes, cancellationToken);
        var worker = engine.NewWorker("bench-tick");
        var medians = new List<double>();
        long nextDue = 1;
        foreach (var size in sizes)
        {
            // Every size keeps at least `size` active enrollments during its measured cycles, which each end `due` of them.
            var wanted = size + ((WarmUpCycles + cycles) * due);
            var seedWatch = Stopwatch.StartNew();
            await engine.SeedAsync(wanted - engine.Seeded, TimeProvider.System.GetUtcNow(), null, cancellationToken);
            context.Note(string.Create(CultureInfo.InvariantCulture,
                $"{engine.Dialect}: seeded to {engine.Seeded:N0} enrollments in {seedWatch.Elapsed.TotalSeconds:F1} s"));

            var timings = new List<double>();
            for (var cycle = 0; cycle < WarmUpCycles + cycles; cycle++)
            {
                await engine.MakeDueAsync(nextDue, nextDue + due - 1, TimeProvider.System.GetUtcNow().AddSeconds(-1), cancellationToken);
                nextDue += due;
                await engine.RefillQuotaAsync(cancellationToken);
                var watch = Stopwatch.StartNew();
                var result = await worker.RunCycleAsync(cancellationToken);
                watch.Stop();
                if (result.Sent != due)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"tick: a cycle sent {result.Sent} of {due} due steps ({result.Failed} failed)"));
                }

                if (cycle >= WarmUpCycles)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            var median = Median(timings);
            medians.Add(median);
            context.Report(string.Create(CultureInfo.InvariantCulture, $"tick_{engine.Dialect}_{size}"), median,
                string.Create(CultureInfo.InvariantCulture, $"ms per {due} due steps"));
        }

        var ratio = medians[^1] / medians[0];
        context.Report(new BenchFigure($"tick_{engine.Dialect}_ratio", ratio,
            string.Create(CultureInfo.InvariantCulture, $"× ({sizes[^1]:N0} vs {sizes[0]:N0} enrollments)"),
            "≤ 2× (cost grows with due work, not with enrollments)", ratio <= 2));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
