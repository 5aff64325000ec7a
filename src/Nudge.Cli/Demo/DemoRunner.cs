using Microsoft.Data.Sqlite;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail;
using Nudge.Sandbox;
using Nudge.Storage;
using Nudge.Storage.Sqlite;

namespace Nudge.Cli.Demo;

/// <summary>
/// Runs the bundled campaign end to end on the real path (SQLite store, templates, MIME, the Gmail REST protocol over
/// loopback HTTP to the built-in sandbox), on a simulated clock that jumps from one due time to the next, so that a
/// week passes in seconds.
/// </summary>
internal static class DemoRunner
{
    private const string MailboxEmail = "sam@nudge-demo.example";
    private const int MaxCycles = 1_000;

    public static async Task<DemoReport> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var keep = options.Directory is not null;
        var directory = options.Directory ?? Path.Combine(Path.GetTempPath(), "nudge-demo-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var databasePath = Path.Combine(directory, "nudge.db");
        try
        {
            return await RunInAsync(options, databasePath, cancellationToken) with { Database = keep ? databasePath : null };
        }
        finally
        {
            // SQLite keeps pooled connections open; release them so the file can go.
            SqliteConnection.ClearAllPools();
            if (!keep)
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<DemoReport> RunInAsync(DemoOptions options, string databasePath, CancellationToken cancellationToken)
    {
        // Whole seconds: the store keeps milliseconds, and the timeline should not show a start a fraction before itself.
        var now = TimeProvider.System.GetUtcNow();
        var start = options.Start ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var clock = new SimulatedClock(start);
        // The sandbox plays the recipients: a scripted reply arrives in the mailbox as Gmail would deliver it.
        var sandboxOptions = new GmailSandboxOptions
        {
            TimeProvider = clock,
            RecipientsFile = Path.Combine(options.SamplesDirectory, "recipients.json"),
        };
        await using var sandbox = await GmailSandbox.StartAsync(sandboxOptions, cancellationToken);
        var sandboxMailbox = sandbox.AddMailbox(MailboxEmail);

        using var store = new SqliteEngineStore(EngineStoreFactory.SqliteConnectionString(databasePath));
        await store.MigrateAsync(cancellationToken);
        var mailboxId = await store.UpsertMailboxAsync(
            new Mailbox(0, MailboxEmail, "Sam from Nudge", sandbox.BaseAddress.ToString(), sandboxMailbox.AccessToken, null), cancellationToken);

        var leads = await ContactCsvReader.ReadAsync(Path.Combine(options.SamplesDirectory, "leads.csv"), cancellationToken);
        var sequence = await SequenceFile.LoadAsync(Path.Combine(options.SamplesDirectory, "sequence.yaml"), cancellationToken);
        foreach (var lead in leads.Contacts)
        {
            var contactId = await store.UpsertContactAsync(lead, cancellationToken);
            var enrollmentId = await store.EnrollAsync(contactId, sequence.Name, mailboxId, clock.GetUtcNow(), cancellationToken);
            await store.AddEventAsync(new EnrollmentEvent(enrollmentId, clock.GetUtcNow(), "enrolled", $"in '{sequence.Name}'"), cancellationToken);
        }

        using var gmail = new GmailClientFactory(timeProvider: clock);
        var worker = new SequenceWorker(store, new SequenceCatalog([sequence]), gmail, clock);

        for (var cycle = 0; ; cycle++)
        {
            if (cycle == MaxCycles)
            {
                throw new InvalidOperationException($"the demo did not settle after {MaxCycles} cycles");
            }

            await worker.RunCycleAsync(cancellationToken);

            // Jump to the next step due or the next scripted answer, whichever comes first: the sandbox delivers an
            // answer when the clock reaches it, and the worker's next cycle reads it from the mailbox's history.
            var next = Earliest(await store.NextDueAtAsync(cancellationToken), sandbox.NextScheduledDeliveryAt);
            if (next is null)
            {
                break;
            }

            clock.JumpTo(next.Value);
        }

        return await ReportAsync(store, sequence.Name, start, clock.GetUtcNow(), leads.Rejected, cancellationToken);
    }

    private static async Task<DemoReport> ReportAsync(IEngineStore store, string sequence, DateTimeOffset start, DateTimeOffset end,
        IReadOnlyList<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        var leads = new List<DemoLead>();
        var timeline = new List<DemoEvent>();
        foreach (var enrollment in await store.ListEnrollmentsAsync(cancellationToken))
        {
            var contact = (await store.GetContactAsync(enrollment.ContactId, cancellationToken))!;
            var sent = (await store.ListOutboxAsync(enrollment.Id, cancellationToken)).Count;
            var name = string.Join(' ', new[] { contact.Fields.GetValueOrDefault("first_name"), contact.Fields.GetValueOrDefault("last_name") }
                .Where(n => !string.IsNullOrEmpty(n)));
            leads.Add(new DemoLead(name.Length > 0 ? name : contact.Email, contact.Email, sent, enrollment.ThreadId, StatusWord(enrollment.Status),
                enrollment.StatusReason));
            foreach (var e in await store.ListEventsAsync(enrollment.Id, cancellationToken))
            {
                timeline.Add(new DemoEvent(Math.Round((e.At - start).TotalDays, 2), e.At, contact.Email, e.Kind, e.Detail));
            }
        }

        return new DemoReport(sequence, MailboxEmail, null, Math.Round((end - start).TotalDays, 2), leads,
            timeline.OrderBy(e => e.At).ToList(), rejected.Select(r => $"line {r.Line}: {r.Reason}").ToList());
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    internal static string StatusWord(EnrollmentStatus status) => EnrollmentStates.Name(status);
}
