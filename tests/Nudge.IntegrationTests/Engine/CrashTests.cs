using System.Globalization;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Sandbox.Recipients;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Engine;

/// <summary>
/// The exactly-once protocol of docs/exactly-once.md under the failure it is built for: the worker process dies with
/// SIGKILL anywhere (mid-send, between "Gmail accepted it" and "the row says Sent", mid-reconcile), while the sandbox
/// also drops connections after storing a send and fails calls with 5xx. The sandbox's stored mail is the truth.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class CrashTests
{
    private const int Contacts = 300;
    private const int Kills = 20;
    private const string Sequence = "crash-drill";
    private const string ReconcileFailedEvent = "SequenceWorker[1006]";
    private static readonly TimeSpan StepWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OutOfOfficeDelay = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LastRunLimit = TimeSpan.FromSeconds(100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What a contact's scripted recipient does, told by its address's domain (RecipientRule matches *@domain).</summary>
    private enum Kind
    {
        Silent,
        ReplyAtOnce,
        ReplyLate,
        HardBounce,
        Unsubscribe,
        OutOfOffice,
    }

    [Fact]
    public async Task Run_KilledWithSigkillTwentyTimesUnderFaults_EveryDueStepGoesOutExactlyOnceAndNothingAfterAStop()
    {
        var clock = TimeProvider.System;
        var began = clock.GetTimestamp();
        var output = TestContext.Current.TestOutputHelper!;
        var random = new Random(20261130);

        // The recipients answer the first message they get; "reply-late" answers just as step 2 falls due, so that some
        // replies land while that step is claimed or in flight.
        var script = new RecipientScript(
        [
            new RecipientRule { Match = "*@reply-now.example", Behaviour = RecipientBehaviour.Reply },
            new RecipientRule { Match = "*@reply-late.example", Behaviour = RecipientBehaviour.Reply, Delay = StepWait },
            new RecipientRule { Match = "*@bounce.example", Behaviour = RecipientBehaviour.HardBounce },
            new RecipientRule { Match = "*@unsub.example", Behaviour = RecipientBehaviour.Unsubscribe, Delay = TimeSpan.FromSeconds(1) },
            new RecipientRule { Match = "*@ooo.example", Behaviour = RecipientBehaviour.OutOfOffice },
        ]);
        await using var campaign = await Campaign.StartAsync(5, "error=0.05,drop-after-send=0.05,seed=1130", script, null, Ct);
        var dbPath = Path.Combine(campaign.Folder, "nudge.db");
        var contacts = Enumerable.Range(0, Contacts).Select(NewContact).ToList();

        var store = EngineStoreFactory.Create(EngineStoreFactory.Sqlite, EngineStoreFactory.SqliteConnectionString(dbPath));
        try
        {
            await store.MigrateAsync(Ct);
            var mailboxes = await campaign.RegisterMailboxesAsync(store, null, Ct);
            var catalog = await campaign.WriteSequenceAsync(
                $$"""
                name: {{Sequence}}
                mailboxes: [{{string.Join(", ", mailboxes.Select(m => m.Email))}}]
                stop: { out_of_office: delay, ooo_delay: 3s }
                steps:
                  - template: intro
                    wait: 0
                  - template: bump
                    wait: 2s
                  - template: last
                    wait: 2s
                """,
                new Dictionary<string, string>
                {
                    ["intro"] = "---\nsubject: A question for {{ company }}\n---\nHi {{ first_name }},\n\nA note about {{ company }}.\n",
                    ["bump"] = "Hi {{ first_name }}, bumping this.\n",
                    ["last"] = "Last note from me, {{ first_name }}.\n",
                },
                Ct);
            await Campaign.EnrollAsync(store, catalog, Sequence, contacts, Ct);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        // Kill the worker at random points of its life and restart it, as a service manager restarts a crashed service
        // with its configured --worker-id: the new process takes its mailboxes back at once, while the steps the dead one
        // had claimed stay leased to it until their lease runs out, and its reservations are then reconciled. Each life is
        // counted from the moment the worker has opened its store (its first cycle starts then), so that the kills land in
        // its cycles rather than in .NET's start-up.
        var incarnation = 0;
        var killedAfter = new List<int>();
        var reconcileFailures = 0;
        var killLog = new List<string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            await using var worker = StartWorker(campaign, dbPath, ++incarnation, TimeSpan.FromMinutes(5));
            await worker.WaitUntilStartedAsync(TimeSpan.FromMinutes(1), Ct);
            var startedAt = clock.GetUtcNow();
            var life = random.Next(200, 1500);
            await Task.Delay(TimeSpan.FromMilliseconds(life), clock, Ct);
            worker.HasExited.ShouldBeFalse($"incarnation {incarnation} ended by itself before its kill:\n{worker.Tail(20)}");
            await worker.KillAsync();
            killLog.Add(string.Create(CultureInfo.InvariantCulture,
                $"incarnation {incarnation}: started {startedAt.ToUnixTimeMilliseconds()}, killed {clock.GetUtcNow().ToUnixTimeMilliseconds()}"));
            await worker.SaveOutputAsync(Path.Combine(campaign.Folder, $"incarnation-{incarnation:00}.log"));
            killedAfter.Add(life);
            reconcileFailures += worker.CountLines(ReconcileFailedEvent);
        }

        var killPhase = clock.GetElapsedTime(began);
        await File.WriteAllLinesAsync(Path.Combine(campaign.Folder, "kills.log"), killLog, Ct);
        var killPhaseSends = (await campaign.ReadMailAsync(Ct)).Sends.Count;
        int? exitCode;
        string lastOutput;
        await using (var last = StartWorker(campaign, dbPath, ++incarnation, LastRunLimit))
        {
            exitCode = await last.WaitForExitAsync(LastRunLimit + TimeSpan.FromSeconds(30), Ct);
            lastOutput = last.Tail(5);
            reconcileFailures += last.CountLines(ReconcileFailedEvent);
            await last.SaveOutputAsync(Path.Combine(campaign.Folder, $"incarnation-{incarnation:00}.log"));
        }

        var duration = clock.GetElapsedTime(began);
        var mail = await campaign.ReadMailAsync(Ct);
        store = EngineStoreFactory.Create(EngineStoreFactory.Sqlite, EngineStoreFactory.SqliteConnectionString(dbPath));
        try
        {
            var enrollments = (await store.ListEnrollmentsAsync(Ct)).ToDictionary(e => e.Id);
            var emails = (await store.ListContactsAsync(Ct)).ToDictionary(c => c.Id, c => c.Email.ToLowerInvariant());
            var events = new Dictionary<long, IReadOnlyList<EnrollmentEvent>>();
            var outboxes = new Dictionary<long, IReadOnlyList<OutboxEntry>>();
            foreach (var id in enrollments.Keys)
            {
                events[id] = await store.ListEventsAsync(id, Ct);
                outboxes[id] = await store.ListOutboxAsync(id, Ct);
            }

            // No send id twice, anywhere: not in one mailbox, not across mailboxes.
            var twice = mail.Sends.GroupBy(s => s.SendId).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key}: {string.Join(", ", g.Select(s => $"{s.Mailbox} {s.Id} at {s.InternalDate:HH:mm:ss.fff}"))}")
                .ToList();

            var problems = new List<string>();
            var lateSends = new List<string>();
            var unreconciled = new List<string>();
            foreach (var enrollment in enrollments.Values)
            {
                var email = emails[enrollment.ContactId];
                var kind = KindOf(email);
                var sends = mail.Sends.Where(s => s.Step.EnrollmentId == enrollment.Id).OrderBy(s => s.Step.Step).ToList();
                var steps = sends.Select(s => s.Step.Step).ToList();
                var outbox = outboxes[enrollment.Id];
                string Who() => $"enrollment {enrollment.Id} ({email}, {enrollment.Status})";

                sends.Where(s => s.To != email).ToList().ForEach(s => problems.Add($"{Who()}: step {s.Step.Step} went to {s.To}"));
                if (!steps.SequenceEqual(Enumerable.Range(1, steps.Count)))
                {
                    problems.Add($"{Who()}: sent steps [{string.Join(",", steps)}] are not 1..n: a step was lost");
                }

                var expected = kind switch
                {
                    Kind.Silent or Kind.OutOfOffice => EnrollmentStatus.Completed,
                    Kind.ReplyAtOnce or Kind.ReplyLate => EnrollmentStatus.Replied,
                    Kind.HardBounce => EnrollmentStatus.Bounced,
                    _ => EnrollmentStatus.Unsubscribed,
                };
                if (enrollment.Status != expected)
                {
                    problems.Add($"{Who()}: expected {expected} ({enrollment.StatusReason})");
                }

                if (expected == EnrollmentStatus.Completed && steps.Count != 3)
                {
                    problems.Add($"{Who()}: completed with steps [{string.Join(",", steps)}] in the sandbox, not 1,2,3");
                }

                // The sandbox and the store agree: every step the store says was sent is the one message with its send id.
                foreach (var entry in outbox)
                {
                    var found = sends.SingleOrDefault(s => s.Step.Step == entry.Step);
                    if (found is null || found.Id != entry.GmailMessageId)
                    {
                        problems.Add($"{Who()}: the store says step {entry.Step} is Gmail message {entry.GmailMessageId}, the sandbox has {found?.Id ?? "none"}");
                    }
                }

                // A send the store never recorded as sent is allowed only on an enrollment a stop ended while that step's
                // outcome was still unknown (ambiguous, awaiting reconciliation): nothing reconciles an ended enrollment.
                foreach (var send in sends.Where(s => outbox.All(o => o.Step != s.Step.Step)))
                {
                    var row = await store.GetOutboxEntryAsync(enrollment.Id, send.Step.Step, Ct);
                    if (row is null || expected == EnrollmentStatus.Completed)
                    {
                        problems.Add($"{Who()}: step {send.Step.Step} is in the sandbox but its outbox row is {row?.State.ToString() ?? "missing"}");
                    }
                    else
                    {
                        unreconciled.Add($"{Who()}: step {send.Step.Step} went out, row left {row.State}");
                    }
                }

                // Each wait is measured from the previous step's send as the store recorded it.
                for (var i = 1; i < sends.Count; i++)
                {
                    if (outbox.SingleOrDefault(o => o.Step == i)?.SentAt is { } previous && sends[i].InternalDate < previous + StepWait)
                    {
                        problems.Add($"{Who()}: step {i + 1} at {sends[i].InternalDate:HH:mm:ss.fff}, before step {i} + {StepWait.TotalSeconds}s ({previous + StepWait:HH:mm:ss.fff})");
                    }
                }

                if (kind == Kind.Silent)
                {
                    continue;
                }

                if (!mail.FirstAnswerAbout.TryGetValue(email, out var answer))
                {
                    problems.Add($"{Who()}: its scripted {kind} answer is not in the mailbox");
                    continue;
                }

                if (kind == Kind.OutOfOffice)
                {
                    // "delay": the next step waits ooo_delay from when the auto-reply was read, which is after it arrived.
                    if (sends.Count > 1 && sends[1].InternalDate < answer.InternalDate + OutOfOfficeDelay)
                    {
                        problems.Add($"{Who()}: step 2 at {sends[1].InternalDate:HH:mm:ss.fff}, less than {OutOfOfficeDelay.TotalSeconds}s after the out-of-office reply ({answer.InternalDate:HH:mm:ss.fff})");
                    }

                    if (!events[enrollment.Id].Any(e => e.Kind == "out-of-office"))
                    {
                        problems.Add($"{Who()}: no out-of-office event on its timeline");
                    }

                    continue;
                }

                // Nothing after a reply, bounce or unsubscribe, but the one step that was already claimed when it arrived
                // (docs/exactly-once.md, "Why nothing goes out after a reply"): at most one send later than the answer.
                var after = sends.Where(s => s.InternalDate > answer.InternalDate).ToList();
                if (after.Count > 0)
                {
                    lateSends.Add($"{Who()}: step {after[0].Step.Step} {(after[0].InternalDate - answer.InternalDate).TotalMilliseconds:0}ms after the {kind}");
                }

                if (after.Count > 1)
                {
                    problems.Add($"{Who()}: {after.Count} sends after its {kind} arrived at {answer.InternalDate:HH:mm:ss.fff}: " +
                        string.Join(", ", after.Select(s => $"step {s.Step.Step} at {s.InternalDate:HH:mm:ss.fff}")));
                }
            }

            var suppressed = (await store.ListSuppressionsAsync(Ct)).Select(s => s.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            problems.AddRange(contacts
                .Where(c => KindOf(c.Email) is Kind.HardBounce or Kind.Unsubscribe && !suppressed.Contains(c.Email))
                .Select(c => $"{c.Email} is not on the suppression list"));
            problems.AddRange(contacts
                .Where(c => KindOf(c.Email) is not (Kind.HardBounce or Kind.Unsubscribe) && suppressed.Contains(c.Email))
                .Select(c => $"{c.Email} is on the suppression list"));

            using var stats = await campaign.ReadStatsAsync(Ct);
            var allEvents = events.Values.SelectMany(e => e).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                kills: {Kills} (after {string.Join(", ", killedAfter)} ms of running), incarnations: {incarnation}, sends reserved before the last run: {killPhaseSends}
                sends: {mail.Sends.Count} to {Contacts} contacts over {campaign.Mailboxes.Count} mailboxes; answers received: {mail.Inbound.Count}
                duration: {duration.TotalSeconds:0.0}s (kill phase {killPhase.TotalSeconds:0.0}s, last run {(duration - killPhase).TotalSeconds:0.0}s)
                ambiguous outcomes: {allEvents.Count(e => e.Kind == "ambiguous")}, reconciled: {allEvents.Count(e => e.Kind == "reconciled")} ({allEvents.Count(e => e.Kind == "reconciled" && e.Detail.Contains("did go out", StringComparison.Ordinal))} found in SENT, {allEvents.Count(e => e.Kind == "reconciled" && e.Detail.Contains("is sent again", StringComparison.Ordinal))} sent again)
                reconcile attempts that could not ask Gmail (log event {ReconcileFailedEvent}): {reconcileFailures}
                sandbox: {stats.RootElement.GetProperty("droppedConnections").GetInt64()} connections dropped after a send, errors {stats.RootElement.GetProperty("errors")}
                statuses: {string.Join(", ", enrollments.Values.GroupBy(e => e.Status).Select(g => $"{g.Key} {g.Count()}"))}
                sends later than the stop message (the in-flight window): {lateSends.Count}{string.Concat(lateSends.Select(l => "\n  " + l))}
                sent but left unreconciled on a stopped enrollment: {unreconciled.Count}{string.Concat(unreconciled.Select(l => "\n  " + l))}
                """));

            twice.ShouldBeEmpty("each X-Nudge-Send-Id is sent once");
            exitCode.ShouldBe(0, $"the last worker (--exit-when-done, --max-time {LastRunLimit.TotalSeconds}s) finishes the campaign; " +
                $"{await DescribeUnfinishedAsync(store, enrollments.Values, Ct)}; {reconcileFailures} reconcile attempts could not ask Gmail; " +
                $"its last lines:\n{lastOutput}");
            problems.ShouldBeEmpty();
            allEvents.ShouldContain(e => e.Kind == "reconciled", "the kills and faults did leave sends of unknown outcome");
        }
        finally
        {
            (store as IDisposable)?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static WorkerProcess StartWorker(Campaign campaign, string dbPath, int incarnation, TimeSpan maxTime) =>
        WorkerProcess.StartRun($"incarnation {incarnation}", ["--db", dbPath, .. campaign.RunArguments("crash-worker", maxTime)]);

    /// <summary>What keeps the campaign from being done: the enrollments still active, and the state of their due step.</summary>
    private static async Task<string> DescribeUnfinishedAsync(IEngineStore store, IEnumerable<Enrollment> enrollments, CancellationToken cancellationToken)
    {
        var active = enrollments.Where(e => e.IsActive).ToList();
        var rows = new List<string>();
        foreach (var enrollment in active)
        {
            var row = await store.GetOutboxEntryAsync(enrollment.Id, enrollment.NextStep, cancellationToken);
            rows.Add(row?.State.ToString() ?? "not reserved");
        }

        return $"{active.Count} enrollments still active; their due step: " +
            string.Join(", ", rows.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}"));
    }

    private static Contact NewContact(int i)
    {
        var domain = (i % 10) switch
        {
            0 => "reply-now.example",
            1 => "reply-late.example",
            2 => "bounce.example",
            3 => "unsub.example",
            4 => "ooo.example",
            _ => "silent.example",
        };
        return new Contact(0, string.Create(CultureInfo.InvariantCulture, $"lead{i:000}@{domain}"),
            new Dictionary<string, string>
            {
                ["first_name"] = string.Create(CultureInfo.InvariantCulture, $"Lead{i}"),
                ["company"] = string.Create(CultureInfo.InvariantCulture, $"Company {i}"),
            });
    }

    private static Kind KindOf(string email) => email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..] switch
    {
        "reply-now.example" => Kind.ReplyAtOnce,
        "reply-late.example" => Kind.ReplyLate,
        "bounce.example" => Kind.HardBounce,
        "unsub.example" => Kind.Unsubscribe,
        "ooo.example" => Kind.OutOfOffice,
        _ => Kind.Silent,
    };
}
