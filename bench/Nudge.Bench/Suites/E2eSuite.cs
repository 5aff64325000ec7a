using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Nudge.Core.Messages;

namespace Nudge.Bench.Suites;

/// <summary>
/// <c>e2e</c>: sends per second end to end (store, render, MIME, HTTP, sandbox, recorded) with 1,000 sandbox mailboxes
/// and the limits lifted: SQLite with one worker, PostgreSQL with 1, 2 and 3 workers; every send checked to be in the
/// sandbox exactly once.
/// </summary>
public sealed class E2eSuite : IBenchSuite
{
    private const double SqliteTarget = 300;

    /// <inheritdoc/>
    public string Name => "e2e";

    /// <inheritdoc/>
    public string Description =>
        "Sends per second end to end (store → render → MIME → HTTP → sandbox → recorded) of due enrollments in 1,000 " +
        "sandbox mailboxes, from the first cycle until all are recorded sent: SQLite file with one worker (20 per mailbox, " +
        "20,000 sends), PostgreSQL with 1, 2 and 3 workers (5 per mailbox, 5,000 sends) (SequenceWorker instances with their own ids in one process, sharing " +
        "the mailboxes by their leases). Limits lifted: the sandbox's daily limit and per-minute units, the governor's " +
        "daily share, pacing gap 0. Afterwards every send id is checked to be in the sandbox exactly once and the outbox " +
        "to say Sent for each. The machine is shared with other builds while measuring: figures are noisy.";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mailboxes = context.Pick(1_000, 5);
        var perMailbox = context.Pick(20, 2);

        var sqlite = await MeasureAsync(context, null, mailboxes, perMailbox, 1, cancellationToken);
        context.Report(new BenchFigure("e2e_sqlite_1_worker", sqlite, "sends/s", "≥ 300 sends/s with SQLite on this 2-core machine",
            sqlite >= SqliteTarget));
        if (context.Postgres is null)
        {
            context.Note("no PostgreSQL server ($NUDGE_BENCH_POSTGRES): PostgreSQL figures skipped");
            return;
        }

        var one = 0.0;
        for (var workers = 1; workers <= 3; workers++)
        {
            // 5 per mailbox (5,000 sends) on PostgreSQL: at its rate here 20 per mailbox would take the run past half an hour.
            var rate = await MeasureAsync(context, context.Postgres, mailboxes, context.Pick(5, 2), workers, cancellationToken);
            one = workers == 1 ? rate : one;
            context.Report(workers == 1
                ? new BenchFigure("e2e_postgres_1_worker", rate, "sends/s")
                : new BenchFigure($"e2e_postgres_{workers}_workers", rate, "sends/s", "scales with workers (above 1 worker's)", rate > one));
        }
    }

    private static async Task<double> MeasureAsync(BenchContext context, string? postgres, int mailboxes, int perMailbox, int workerCount,
        CancellationToken cancellationToken)
    {
        await using var engine = await BenchEngine.StartAsync("e2e", context.Scratch, postgres, mailboxes, cancellationToken);
        var total = mailboxes * perMailbox;
        var now = TimeProvider.System.GetUtcNow();
        await engine.SeedAsync(total, now, now.AddSeconds(-1), cancellationToken);

        var workers = Enumerable.Range(1, workerCount)
            .Select(i => engine.NewWorker(string.Create(CultureInfo.InvariantCulture, $"bench-e2e-{i}")))
            .ToList();

        // Every worker says it is alive before any takes mailboxes, so that each takes its share at its first cycle
        // instead of the first one taking all of them until its lease is renewed.
        foreach (var worker in workers)
        {
            await engine.Store.HeartbeatAsync(worker.WorkerId, Environment.MachineName, Environment.ProcessId, now, now, cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(15));
        var sent = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            while (Volatile.Read(ref sent) < total)
            {
                var result = await worker.RunCycleAsync(deadline.Token);
                if (result.Failed > 0)
                {
                    throw new InvalidOperationException($"e2e: {result.Failed} sends failed");
                }

                if (Interlocked.Add(ref sent, result.Sent) < total && result.Sent == 0)
                {
                    // Another worker holds the rest: look again shortly rather than spin.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
                }
            }
        }, deadline.Token)));
        watch.Stop();

        await VerifyExactlyOnceAsync(engine, total, cancellationToken);
        var rate = total / watch.Elapsed.TotalSeconds;
        context.Note(string.Create(CultureInfo.InvariantCulture,
            $"{engine.Dialect}, {workerCount} worker(s): {total:N0} sends in {watch.Elapsed.TotalSeconds:F1} s; each in the sandbox exactly once"));
        return rate;
    }

    private static async Task VerifyExactlyOnceAsync(BenchEngine engine, int total, CancellationToken cancellationToken)
    {
        var recorded = await engine.ScalarAsync("SELECT COUNT(*) FROM outbox WHERE state = 1", cancellationToken);
        using var http = new HttpClient { BaseAddress = engine.Sandbox.BaseAddress };
        var sendIds = new List<string>();
        foreach (var mailbox in await engine.Store.ListMailboxesAsync(cancellationToken))
        {
            var stored = await http.GetFromJsonAsync<StoredMessages>($"sandbox/mailboxes/{mailbox.Email}/messages", cancellationToken);
            foreach (var message in stored?.Messages ?? [])
            {
                if (message.LabelIds.Contains("SENT") && SendId(message.Raw) is { } sendId)
                {
                    sendIds.Add(sendId);
                }
            }
        }

        var distinct = sendIds.Distinct(StringComparer.Ordinal).Count();
        if (recorded != total || sendIds.Count != total || distinct != total)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"e2e: {total} expected, {recorded} recorded sent, {sendIds.Count} in the sandbox, {distinct} distinct"));
        }
    }

    private static string? SendId(string raw)
    {
        var text = Encoding.UTF8.GetString(Base64Url.Decode(raw));
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        foreach (var line in (headerEnd >= 0 ? text[..headerEnd] : text).Split("\r\n"))
        {
            if (line.StartsWith(MessageComposer.SendIdHeader + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(MessageComposer.SendIdHeader.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private sealed record StoredMessages(IReadOnlyList<StoredMessage> Messages);

    private sealed record StoredMessage(string Id, IReadOnlyList<string> LabelIds, string Raw);
}
