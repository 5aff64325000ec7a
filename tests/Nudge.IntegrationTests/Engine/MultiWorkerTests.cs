using System.Globalization;
using Npgsql;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Engine;

/// <summary>
/// Several <c>nudge run</c> processes on one PostgreSQL database: they share the mailboxes (one worker per mailbox at a
/// time, a fair share each) and the due work, and together still send each step once, within every mailbox's limit.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class MultiWorkerTests
{
    private const int Workers = 3;
    private const int MailboxCount = 20;
    private const int ContactsPerMailbox = 50;
    private const int Steps = 2;
    private const int DailyLimit = 150;
    private const string Sequence = "spread";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan JoinGap = TimeSpan.FromSeconds(2);

    // The --lease Campaign.RunArguments gives every worker.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ThreeWorkersOnOnePostgres_ShareTheMailboxesAndSendEachStepOnceWithinLimits()
    {
        // Not skipped: this is the only test of several workers together, and ./test.sh always provides PostgreSQL.
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresEnvironmentVariable)))
        {
            Assert.Fail($"{TestDatabase.PostgresEnvironmentVariable} is not set, and several workers need PostgreSQL: run ./test.sh, which starts " +
                "a throwaway cluster and sets it, or `scripts/postgres-test-cluster.sh start` and export what it prints.");
        }

        var clock = TimeProvider.System;
        var began = clock.GetTimestamp();
        var output = TestContext.Current.TestOutputHelper!;

        // The sandbox enforces the same daily limit as the mailboxes' rows say; a few sends are stored and then have their
        // connection dropped, so that sends of unknown outcome are settled by whichever worker holds the mailbox by then.
        await using var campaign = await Campaign.StartAsync(MailboxCount, "drop-after-send=0.02,seed=2026", null, DailyLimit, Ct);
        await using var db = await TestDatabase.CreateAsync(EngineStoreFactory.Postgres, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxes = await campaign.RegisterMailboxesAsync(store, DailyLimit, Ct);
        var catalog = await campaign.WriteSequenceAsync(
            $$"""
            name: {{Sequence}}
            mailboxes: [{{string.Join(", ", mailboxes.Select(m => m.Email))}}]
            steps:
              - template: intro
                wait: 0
              - template: bump
                wait: 2s
            """,
            new Dictionary<string, string>
            {
                ["intro"] = "---\nsubject: Hello {{ company }}\n---\nHi {{ first_name }}, a note about {{ company }}.\n",
                ["bump"] = "Hi {{ first_name }}, bumping this.\n",
            },
            Ct);

        // The pool gives each contact a mailbox by a stable hash of its address; the addresses are picked so that each of
        // the 20 mailboxes gets exactly 50 contacts (100 sends), well within its limit (150, of which Nudge uses 90 %).
        var sequence = catalog.Find(Sequence)!;
        var perMailbox = new Dictionary<long, int>();
        var contacts = new List<Contact>();
        for (var i = 0; contacts.Count < MailboxCount * ContactsPerMailbox; i++)
        {
            var email = string.Create(CultureInfo.InvariantCulture, $"lead{i:0000}@prospects.example");
            var mailbox = Enroller.PickMailbox(sequence, email, mailboxes, [], out _)!;
            if (perMailbox.GetValueOrDefault(mailbox.Id) < ContactsPerMailbox)
            {
                perMailbox[mailbox.Id] = perMailbox.GetValueOrDefault(mailbox.Id) + 1;
                contacts.Add(new Contact(0, email, new Dictionary<string, string>
                {
                    ["first_name"] = string.Create(CultureInfo.InvariantCulture, $"Lead{i}"),
                    ["company"] = string.Create(CultureInfo.InvariantCulture, $"Company {i}"),
                }));
            }
        }

        await Campaign.EnrollAsync(store, catalog, Sequence, contacts, Ct);

        var setup = clock.GetElapsedTime(began);

        // The workers join one after the other, as when a second and a third machine are added to a running one: the first
        // holds every mailbox and is mid-batch when the next arrives, and the mailboxes are shared out again each time.
        var workers = new List<WorkerProcess>();
        for (var i = 1; i <= Workers; i++)
        {
            var worker = WorkerProcess.StartRun(string.Create(CultureInfo.InvariantCulture, $"worker w{i}"),
                ["--postgres", db.ConnectionString, .. campaign.RunArguments(string.Create(CultureInfo.InvariantCulture, $"w{i}"), RunLimit)]);
            workers.Add(worker);
            await worker.WaitUntilStartedAsync(TimeSpan.FromMinutes(1), Ct);
            await Task.Delay(JoinGap, clock, Ct);
        }

        int?[] exitCodes;
        try
        {
            exitCodes = await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(RunLimit + TimeSpan.FromSeconds(30), Ct)));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
                await worker.SaveOutputAsync(Path.Combine(campaign.Folder, worker.Name.Replace(' ', '-') + ".log"));
            }
        }

        var duration = clock.GetElapsedTime(began);
        var mail = await campaign.ReadMailAsync(Ct);
        var byWorker = await store.CountSendsByWorkerAsync(Ct);
        var enrollments = await store.ListEnrollmentsAsync(Ct);
        var timeline = await ReadReservationsAsync(db.ConnectionString, Ct);
        using var stats = await campaign.ReadStatsAsync(Ct);
        var sandboxErrors = stats.RootElement.GetProperty("errors");
        var sendsPerMailbox = mail.Sends.GroupBy(s => s.Mailbox).ToDictionary(g => g.Key, g => g.Count());
        var overlaps = FindOverlaps(timeline);
        var handovers = timeline.GroupBy(r => r.MailboxId)
            .SelectMany(g => g.Zip(g.Skip(1)).Where(p => p.First.WorkerId != p.Second.WorkerId)
                .Select(p => string.Create(CultureInfo.InvariantCulture,
                    $"mailbox {g.Key} {p.First.WorkerId} → {p.Second.WorkerId} at {p.Second.At:HH:mm:ss.fff} (+{(p.Second.At - p.First.At).TotalMilliseconds:0}ms)")))
            .ToList();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            workers: {Workers}, exit codes {string.Join(", ", exitCodes.Select(c => c?.ToString(CultureInfo.InvariantCulture) ?? "none (killed)"))}
            sends: {mail.Sends.Count} (expected {contacts.Count * Steps}) from {MailboxCount} mailboxes; per mailbox {sendsPerMailbox.Values.DefaultIfEmpty().Min()}..{sendsPerMailbox.Values.DefaultIfEmpty().Max()} (limit {DailyLimit})
            duration: {duration.TotalSeconds:0.0}s (setup {setup.TotalSeconds:0.0}s, workers {(duration - setup).TotalSeconds:0.0}s)
            reserved per worker: {string.Join(", ", byWorker.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key} {w.Value} ({100.0 * w.Value / Math.Max(1, byWorker.Values.Sum()):0.0}%)"))}
            mailbox handovers between workers: {handovers.Count}{string.Concat(handovers.Select(h => "\n  " + h))}
            interleaved sends: {overlaps.Count}{string.Concat(overlaps.Take(20).Select(o => "\n  " + o))}
            sandbox: {stats.RootElement.GetProperty("droppedConnections").GetInt64()} connections dropped after a send; errors {sandboxErrors}
            statuses: {string.Join(", ", enrollments.GroupBy(e => e.Status).Select(g => $"{g.Key} {g.Count()}"))}
            """));

        // Exactly once, across the workers: no send id twice, and every contact got each step.
        mail.Sends.GroupBy(s => s.SendId).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("each X-Nudge-Send-Id is sent once");
        foreach (var worker in workers.Zip(exitCodes))
        {
            worker.Second.ShouldBe(0, $"{worker.First.Name} exits 0 once every enrollment is done; its last lines:\n{worker.First.Tail(5)}");
        }

        enrollments.Where(e => e.Status != EnrollmentStatus.Completed).Select(e => $"{e.Id}: {e.Status} {e.StatusReason}").ShouldBeEmpty();
        var steps = mail.Sends.ToLookup(s => s.Step.EnrollmentId, s => s.Step.Step);
        enrollments.Where(e => !steps[e.Id].Order().SequenceEqual(Enumerable.Range(1, Steps)))
            .Select(e => $"{e.Id}: steps [{string.Join(",", steps[e.Id].Order())}]")
            .ShouldBeEmpty("each contact gets step 1 and step 2, once each");

        // Within the limits: the mailboxes' own count, and the sandbox never had to refuse a send (daily limit) or a
        // call (per-minute units): both are rateLimitExceeded.
        sendsPerMailbox.Where(m => m.Value > DailyLimit).ShouldBeEmpty();
        sandboxErrors.TryGetProperty("rateLimitExceeded", out _).ShouldBeFalse($"the sandbox refused calls for quota: {sandboxErrors}");

        // The work is spread: every worker reserved a fair part of the sends.
        byWorker.Keys.Order(StringComparer.Ordinal).ShouldBe(["w1", "w2", "w3"]);
        foreach (var (worker, sends) in byWorker)
        {
            (100.0 * sends / byWorker.Values.Sum()).ShouldBeGreaterThanOrEqualTo(15.0, $"{worker} reserved {sends} of {byWorker.Values.Sum()} sends");
        }

        overlaps.ShouldBeEmpty("one mailbox is sent from by one worker at a time");
    }

    /// <summary>Every reservation (outbox row, any state), with its mailbox, worker and instant, in time order per mailbox.</summary>
    private static async Task<IReadOnlyList<Reservation>> ReadReservationsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT mailbox_id, worker_id, reserved_at, enrollment_id, step FROM outbox ORDER BY mailbox_id, reserved_at, enrollment_id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Reservation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // A row without a worker id would break "every outbox row records its worker": it shows as "(none)".
            var workerId = reader.IsDBNull(1) ? "(none)" : reader.GetString(1);
            rows.Add(new Reservation(reader.GetInt64(0), workerId, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3),
                reader.GetInt32(4)));
        }

        return rows;
    }

    /// <summary>
    /// The places where two workers sent from one mailbox at the same time.
    /// </summary>
    /// <remarks>
    /// A mailbox changes hands legitimately: at start-up the first worker holds all of them and gives back what is over
    /// its share as the others arrive, and a worker whose lease runs out loses the mailbox to another. So "only one
    /// worker ever" is too strong, and "few hand-overs" says nothing about safety. What must not happen is two workers
    /// sending from the mailbox in the same stretch of time: its reservations, in time order, then read A, B, A. After a
    /// clean hand-over A → B, A gets the mailbox back only once B gives it up: B's share shrinks (no worker joins or
    /// leaves once all three run), or B stops renewing its lease and it runs out, one lease (2 s) after B last renewed,
    /// which is at or after B's first send. So A sending again less than one lease after B's first send means A was still
    /// sending from the mailbox while B already was. The outbox's reserved_at, taken just before each send, dates them.
    /// </remarks>
    private static List<string> FindOverlaps(IReadOnlyList<Reservation> timeline)
    {
        var overlaps = new List<string>();
        foreach (var mailbox in timeline.GroupBy(r => r.MailboxId))
        {
            var rows = mailbox.ToList();
            for (var i = 1; i < rows.Count - 1; i++)
            {
                var (before, first) = (rows[i - 1], rows[i]);
                if (before.WorkerId == first.WorkerId)
                {
                    continue;
                }

                var back = rows.Skip(i + 1).FirstOrDefault(r => r.WorkerId == before.WorkerId);
                if (back is not null && back.At - first.At < Lease)
                {
                    overlaps.Add(string.Create(CultureInfo.InvariantCulture,
                        $"mailbox {mailbox.Key}: {before.WorkerId} at {before.At:HH:mm:ss.fff} (send {before.EnrollmentId}.{before.Step}), " +
                        $"{first.WorkerId} at {first.At:HH:mm:ss.fff} ({first.EnrollmentId}.{first.Step}), " +
                        $"{back.WorkerId} again at {back.At:HH:mm:ss.fff} ({back.EnrollmentId}.{back.Step})"));
                }
            }
        }

        return overlaps;
    }

    private sealed record Reservation(long MailboxId, string WorkerId, DateTimeOffset At, long EnrollmentId, int Step);
}
