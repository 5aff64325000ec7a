using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nudge.Cli.Hosting;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail;
using Nudge.Sandbox;
using Nudge.Storage.Sqlite;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// The whole engine on its real path: a SQLite file, the worker, the Gmail client and the Gmail sandbox over loopback
/// HTTP, all on one <see cref="FakeTimeProvider"/>. Intent methods read like the test's story.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string MailboxEmail = "sam@acme.example";
    private readonly string _dir;
    private readonly GmailClientFactory _gmailFactory;
    private readonly SqliteEngineStore _store;

    private EngineHarness(string dir, GmailSandbox sandbox, SqliteEngineStore store, FakeTimeProvider time)
    {
        _dir = dir;
        Sandbox = sandbox;
        _store = store;
        Time = time;
        _gmailFactory = new GmailClientFactory(timeProvider: time);
        Gmail = new RecordingGmailClientFactory(_gmailFactory);
    }

    public FakeTimeProvider Time { get; }

    public GmailSandbox Sandbox { get; }

    public IEngineStore Store => _store;

    public RecordingGmailClientFactory Gmail { get; }

    public Mailbox Mailbox { get; private set; } = null!;

    public SequenceWorker Worker { get; private set; } = null!;

    public SequenceDefinition Sequence { get; private set; } = null!;

    /// <summary>The worker's sequences: <see cref="Sequence"/>, or what the dashboard saved over it.</summary>
    public SequenceCatalog Catalog { get; private set; } = null!;

    /// <summary>The sandbox mailbox seen through the same client code the engine uses.</summary>
    public IGmailClient MailboxClient => _gmailFactory.Create(Mailbox);

    /// <summary>
    /// Starts everything with a 3-step sequence (day 0, +3 days, +4 days) whose templates are given, or only its first
    /// step when <paramref name="singleStep"/>.
    /// </summary>
    public static async Task<EngineHarness> StartAsync(string? introBody = null, Action<GmailSandboxOptions>? configureSandbox = null,
        Action<WorkerOptions>? configureWorker = null, bool singleStep = false, CancellationToken cancellationToken = default)
    {
        var dir = Directory.CreateTempSubdirectory("nudge-it-").FullName;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var options = new GmailSandboxOptions { TimeProvider = time };
        configureSandbox?.Invoke(options);
        var sandbox = await GmailSandbox.StartAsync(options, cancellationToken);
        var store = new SqliteEngineStore($"Data Source={Path.Combine(dir, "nudge.db")}");
        var harness = new EngineHarness(dir, sandbox, store, time);
        var workerOptions = new WorkerOptions();
        configureWorker?.Invoke(workerOptions);
        await harness.InitializeAsync(introBody ?? "Hi {{ first_name | default: \"there\" }},\n\nA note about {{ company }}.\n", workerOptions, singleStep,
            cancellationToken);
        return harness;
    }

    private async Task InitializeAsync(string introBody, WorkerOptions workerOptions, bool singleStep, CancellationToken cancellationToken)
    {
        await _store.MigrateAsync(cancellationToken);
        var credentials = Sandbox.AddMailbox(MailboxEmail);
        var mailboxId = await _store.UpsertMailboxAsync(
            new Mailbox(0, MailboxEmail, "Sam Rivera", Sandbox.BaseAddress.ToString(), credentials.AccessToken, null), cancellationToken);
        Mailbox = (await _store.GetMailboxAsync(mailboxId, cancellationToken))!;

        var templates = Directory.CreateDirectory(Path.Combine(_dir, "templates")).FullName;
        await File.WriteAllTextAsync(Path.Combine(templates, "intro.liquid"), "---\nsubject: Quick question for {{ company }}\n---\n" + introBody,
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(templates, "bump.liquid"), "Hi {{ first_name | default: \"there\" }}, bumping this.\n",
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(templates, "last.liquid"), "Last note from me.\n", cancellationToken);
        var sequencePath = Path.Combine(_dir, "sequence.yaml");
        await File.WriteAllTextAsync(sequencePath,
            singleStep
                ? "name: outreach\nsteps:\n  - template: intro\n    wait: 0\n"
                : "name: outreach\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 days\n  - template: last\n    wait: 4 days\n",
            cancellationToken);
        Sequence = await SequenceFile.LoadAsync(sequencePath, cancellationToken);
        Catalog = new SequenceCatalog([Sequence]);
        Worker = new SequenceWorker(_store, Catalog, Gmail, Time, workerOptions);
    }

    /// <summary>
    /// Starts the real web host (dashboard and API, as <c>nudge serve</c> builds it) on this harness's store, clock,
    /// sequence and worker, on a free loopback port; the caller stops and disposes it.
    /// </summary>
    public Task<WebApplication> StartWebHostAsync(CancellationToken cancellationToken) =>
        ApiHost.StartAsync(
            new ApiHostSettings("http://127.0.0.1:0", _store, new Enroller(_store, Catalog, null, Time), Time)
            {
                // The worker's own catalog, so that a sequence saved in the dashboard is the one the worker sends.
                Sequences = Catalog,
                SequencesPath = Path.Combine(_dir, "sequence.yaml"),
                Worker = Worker,
                Command = "nudge serve",
            },
            cancellationToken);

    public async Task<long> EnrollAsync(string email, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var contactId = await _store.UpsertContactAsync(new Contact(0, email, fields), cancellationToken);
        return await _store.EnrollAsync(contactId, Sequence.Name, Mailbox.Id, Time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Runs a worker cycle, then jumps to the next due time, until nothing is due or <paramref name="until"/> is reached.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Worker.RunCycleAsync(cancellationToken);
            var next = await _store.NextDueAtAsync(cancellationToken);
            if (next is null || next > until)
            {
                Time.SetUtcNow(until > Time.GetUtcNow() ? until : Time.GetUtcNow());
                await Worker.RunCycleAsync(cancellationToken);
                return;
            }

            Time.SetUtcNow(next.Value > Time.GetUtcNow() ? next.Value : Time.GetUtcNow());
        }
    }

    public Task RunAllAsync(CancellationToken cancellationToken) => RunUntilAsync(Time.GetUtcNow().AddDays(30), cancellationToken);

    /// <summary>Delivers a reply from <paramref name="from"/> to the enrollment's last sent message into the mailbox.</summary>
    public async Task DeliverReplyAsync(long enrollmentId, string from, CancellationToken cancellationToken)
    {
        var last = (await _store.ListOutboxAsync(enrollmentId, cancellationToken))[^1];
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.Add(MailboxAddress.Parse(MailboxEmail));
        reply.Subject = ThreadSubject.ForReply(last.Subject);
        reply.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        reply.InReplyTo = last.RfcMessageId!.Trim('<', '>');
        reply.References.Add(reply.InReplyTo);
        reply.Body = new TextPart("plain") { Text = "Sounds good, let's talk." };
        await MailboxClient.ImportAsync(MessageComposer.ToRaw(reply), null, ["INBOX", "UNREAD"], cancellationToken);
    }

    /// <summary>A teammate answers by hand in the enrollment's thread, from the mailbox itself (as Gmail's web UI would).</summary>
    public async Task TeammateRepliesAsync(long enrollmentId, CancellationToken cancellationToken)
    {
        var enrollment = (await _store.GetEnrollmentAsync(enrollmentId, cancellationToken))!;
        var contact = (await _store.GetContactAsync(enrollment.ContactId, cancellationToken))!;
        var last = (await _store.ListOutboxAsync(enrollmentId, cancellationToken))[^1];
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(MailboxEmail));
        reply.To.Add(MailboxAddress.Parse(contact.Email));
        reply.Subject = ThreadSubject.ForReply(last.Subject);
        reply.InReplyTo = last.RfcMessageId!.Trim('<', '>');
        reply.References.Add(reply.InReplyTo);
        reply.Body = new TextPart("plain") { Text = "Following up personally: call me when you can." };
        await MailboxClient.SendAsync(MessageComposer.ToRaw(reply), enrollment.ThreadId, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        _store.Dispose();
        _gmailFactory.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; a test must not fail for it.
        }
    }
}
