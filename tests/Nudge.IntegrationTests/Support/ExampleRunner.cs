using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Schedule;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail;
using Nudge.Sandbox;
using Nudge.Storage;
using Nudge.Storage.Sqlite;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// Runs one folder of <c>examples/</c> as a user would with <c>nudge sandbox</c>, <c>nudge import</c> or
/// <c>nudge enroll</c>, and <c>nudge run</c>: its sequence file and templates as they are in the repository, the
/// sandbox playing its <c>recipients.json</c>, a SQLite file, the <see cref="Enroller"/> and the
/// <see cref="SequenceWorker"/>, all on one <see cref="SimulatedClock"/> that jumps from one due step (or scripted
/// answer) to the next, so that weeks of a campaign pass in a second.
/// </summary>
internal sealed class ExampleRunner : IAsyncDisposable
{
    private const int MaxCycles = 5_000;
    private static readonly string[] ThreadHeaders = ["Message-ID", "In-Reply-To", "References", "Subject", "From", "To"];

    private readonly string _databaseFolder;
    private readonly GmailClientFactory _gmail;
    private readonly SqliteEngineStore _store;

    private ExampleRunner(string folder, string databaseFolder, SimulatedClock clock, GmailSandbox sandbox, SqliteEngineStore store,
        GmailClientFactory gmail, SequenceDefinition sequence, Mailbox mailbox)
    {
        Folder = folder;
        _databaseFolder = databaseFolder;
        Clock = clock;
        Sandbox = sandbox;
        _store = store;
        _gmail = gmail;
        Sequence = sequence;
        Mailbox = mailbox;
        var catalog = new SequenceCatalog([sequence]);
        Enroller = new Enroller(store, catalog, gmail, clock);
        Worker = new SequenceWorker(store, catalog, gmail, clock);
    }

    /// <summary>The example's folder in the repository.</summary>
    public string Folder { get; }

    public SimulatedClock Clock { get; }

    public GmailSandbox Sandbox { get; }

    public IEngineStore Store => _store;

    /// <summary>The example's one sequence, loaded from its folder as <c>--sequences examples/NAME</c> loads it.</summary>
    public SequenceDefinition Sequence { get; }

    /// <summary>The sandbox mailbox the sequence names, connected as <c>nudge mailbox add … --sandbox</c> connects it.</summary>
    public Mailbox Mailbox { get; }

    public Enroller Enroller { get; }

    public SequenceWorker Worker { get; }

    /// <summary>The mailbox through the same Gmail client the engine uses: what its owner or a teammate does by hand.</summary>
    public IGmailClient MailboxClient => _gmail.Create(Mailbox);

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>
    /// The repository: above the test binaries, else <c>NUDGE_REPO_ROOT</c>, else above this source file as it was
    /// compiled (a build with another <c>ArtifactsPath</c> puts the binaries outside the repository).
    /// </summary>
    public static string RepositoryRoot() =>
        FindAbove(AppContext.BaseDirectory)
        ?? (Environment.GetEnvironmentVariable("NUDGE_REPO_ROOT") is { Length: > 0 } root ? FindAbove(root) : null)
        ?? (Path.GetDirectoryName(SourceFile()) is { Length: > 0 } source ? FindAbove(source) : null)
        ?? throw new InvalidOperationException(
            $"No Nudge.slnx above {AppContext.BaseDirectory}; set NUDGE_REPO_ROOT to the repository when building elsewhere.");

    /// <summary>The folder <c>examples/<paramref name="name"/></c> of the repository.</summary>
    public static string ExampleFolder(string name) => Path.Combine(RepositoryRoot(), "examples", name);

    /// <summary>
    /// Starts the sandbox (with the example's <c>recipients.json</c> when it has one) at <paramref name="start"/>, adds the
    /// mailbox its sequence names, and connects it to a new SQLite database.
    /// </summary>
    public static async Task<ExampleRunner> StartAsync(string example, DateTimeOffset start, string displayName,
        CancellationToken cancellationToken)
    {
        var folder = ExampleFolder(example);
        var sequences = await SequenceFile.LoadDirectoryAsync(folder, cancellationToken);
        sequences.Count.ShouldBe(1, $"examples/{example} holds one sequence file");
        var sequence = sequences[0];
        sequence.Mailboxes.Count.ShouldBe(1, $"examples/{example} names the mailbox it sends from");

        var clock = new SimulatedClock(start);
        var recipients = Path.Combine(folder, "recipients.json");
        var options = new GmailSandboxOptions { TimeProvider = clock, RecipientsFile = File.Exists(recipients) ? recipients : null };
        var sandbox = await GmailSandbox.StartAsync(options, cancellationToken);
        var databaseFolder = Directory.CreateTempSubdirectory("nudge-example-").FullName;
        var store = new SqliteEngineStore(EngineStoreFactory.SqliteConnectionString(Path.Combine(databaseFolder, "nudge.db")), clock);
        var gmail = new GmailClientFactory(timeProvider: clock);
        try
        {
            await store.MigrateAsync(cancellationToken);
            var credentials = sandbox.AddMailbox(sequence.Mailboxes[0]);
            var connection = new Mailbox(0, credentials.Email, displayName, sandbox.BaseAddress.ToString(), credentials.AccessToken, null);
            var mailboxId = await store.UpsertMailboxAsync(connection, cancellationToken);
            var mailbox = (await store.GetMailboxAsync(mailboxId, cancellationToken))!;
            return new ExampleRunner(folder, databaseFolder, clock, sandbox, store, gmail, sequence, mailbox);
        }
        catch
        {
            await sandbox.DisposeAsync();
            store.Dispose();
            gmail.Dispose();
            throw;
        }
    }

    /// <summary>What <c>nudge import examples/NAME/contacts.csv --sequence NAME --sequences examples/NAME</c> does.</summary>
    public async Task<ImportResult> ImportContactsAsync(CancellationToken cancellationToken)
    {
        var csv = await ContactCsvReader.ReadAsync(Path.Combine(Folder, "contacts.csv"), cancellationToken);
        csv.Rejected.ShouldBeEmpty("every row of contacts.csv is a valid contact");
        return await Enroller.ImportAsync(csv, Sequence.Name, cancellationToken);
    }

    /// <summary>The rows of the example's <c>contacts.csv</c>.</summary>
    public async Task<IReadOnlyList<Contact>> ReadContactsAsync(CancellationToken cancellationToken) =>
        (await ContactCsvReader.ReadAsync(Path.Combine(Folder, "contacts.csv"), cancellationToken)).Contacts;

    /// <summary>
    /// What <c>nudge enroll EMAIL --sequence NAME --field k=v… [--thread-id ID | --thread-query Q]</c> (or the HTTP API) does.
    /// </summary>
    public Task<EnrollmentResult> EnrollAsync(string email, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken,
        string? threadId = null, string? threadQuery = null) =>
        Enroller.EnrollAsync(new EnrollmentRequest(email, fields, Sequence.Name, threadId, threadQuery), cancellationToken);

    /// <summary>
    /// Puts a message file of the example (<c>.eml</c>) into the sandbox mailbox with messages.import, as the README's
    /// <c>curl</c> does: a mail that reached the mailbox, or that its owner sent before Nudge was involved.
    /// </summary>
    public async Task<GmailMessage> ImportMessageFileAsync(string relativePath, IReadOnlyList<string> labelIds,
        CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Folder, relativePath), cancellationToken);
        return await MailboxClient.ImportAsync(Base64Url.Encode(bytes), null, labelIds, cancellationToken);
    }

    /// <summary>
    /// Runs worker cycles, jumping the clock to the next due step or scripted answer each time, until nothing is due
    /// before <paramref name="until"/>; the clock then stands at <paramref name="until"/>.
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        for (var cycle = 0; ; cycle++)
        {
            cycle.ShouldBeLessThan(MaxCycles, "the campaign settles");
            await Worker.RunCycleAsync(cancellationToken);

            // An answer the sandbox scripted is delivered when the clock reaches it, and the next cycle reads it from the
            // mailbox's history; jumping past it would let the history expire first.
            var next = Earliest(await _store.NextDueAtAsync(cancellationToken), Sandbox.NextScheduledDeliveryAt);
            if (next is null || next > until)
            {
                Clock.JumpTo(until);
                await Worker.RunCycleAsync(cancellationToken);
                return;
            }

            Clock.JumpTo(next.Value);
        }
    }

    /// <summary>Runs until no step is due and no scripted answer is pending (at most <paramref name="limit"/> ahead).</summary>
    public async Task RunToEndAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        await RunUntilAsync(Now + limit, cancellationToken);
        (await _store.NextDueAtAsync(cancellationToken)).ShouldBeNull($"the campaign is over within {limit.TotalDays} days");
    }

    /// <summary>Everything a user checks about one contact: its enrollment, what was sent when, the Gmail thread, the timeline.</summary>
    public async Task<ExampleContact> ContactAsync(string email, CancellationToken cancellationToken)
    {
        var contact = (await _store.FindContactByAddressAsync(email, cancellationToken)).ShouldNotBeNull($"{email} is a contact");
        var enrollments = await _store.ListEnrollmentsForContactAsync(contact.Id, cancellationToken);
        enrollments.Count.ShouldBe(1, $"{email} is enrolled once");
        var enrollment = enrollments[0];
        var sent = (await _store.ListOutboxAsync(enrollment.Id, cancellationToken)).Where(o => o.State == OutboxState.Sent).ToList();
        var threads = new Dictionary<string, IReadOnlyList<GmailMessage>>(StringComparer.Ordinal);
        var threadIds = sent.Select(o => o.GmailThreadId).Append(enrollment.ThreadId).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var threadId in threadIds)
        {
            var thread = await MailboxClient.GetThreadAsync(threadId, MessageFormat.Metadata, ThreadHeaders, cancellationToken);
            threads[threadId] = thread.Messages ?? [];
        }

        ScheduleZones.TryResolve(contact.Fields, Sequence.TimeZone, SequenceWorker.MailboxZone(Mailbox), out var zone, out _)
            .ShouldBeTrue();
        return new ExampleContact(contact, enrollment, sent, threads, await _store.ListEventsAsync(enrollment.Id, cancellationToken), zone,
            await _store.FindSuppressionAsync(email, cancellationToken));
    }

    /// <summary>
    /// Every contact's timeline, in UTC and in the contact's own time, much as <c>nudge status</c> and the demo show it:
    /// written to the test's output, so that a failure shows what happened.
    /// </summary>
    public async Task<string> TimelineAsync(CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        foreach (var enrollment in await _store.ListEnrollmentsAsync(cancellationToken))
        {
            var contact = (await _store.GetContactAsync(enrollment.ContactId, cancellationToken))!;
            ScheduleZones.TryResolve(contact.Fields, Sequence.TimeZone, SequenceWorker.MailboxZone(Mailbox), out var zone, out _);
            text.Append(CultureInfo.InvariantCulture, $"{contact.Email} ({zone.Id}): {enrollment.Status} {enrollment.StatusReason}")
                .AppendLine();
            foreach (var e in await _store.ListEventsAsync(enrollment.Id, cancellationToken))
            {
                var local = TimeZoneInfo.ConvertTime(e.At, zone);
                text.Append(CultureInfo.InvariantCulture,
                    $"  {e.At:yyyy-MM-dd HH:mm:ss}Z  {local:ddd yyyy-MM-dd HH:mm} local  {e.Kind}: {e.Detail}").AppendLine();
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        _store.Dispose();
        _gmail.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_databaseFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; a test must not fail for it.
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private static string SourceFile([CallerFilePath] string path = "") => path;

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nudge.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
