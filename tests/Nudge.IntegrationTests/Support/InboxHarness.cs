using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Rules;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail;
using Nudge.Sandbox;
using Nudge.Sandbox.Recipients;
using Nudge.Storage.Sqlite;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// The engine reading its mailbox: a SQLite file, the worker with its sequences and inbound rules from files, the
/// Gmail client and the sandbox (with scripted recipients) over loopback HTTP, all on one <see cref="FakeTimeProvider"/>.
/// Counts the worker's cycles and the sandbox's quota units, so that effects can be measured in cycles and units.
/// </summary>
internal sealed class InboxHarness : IAsyncDisposable
{
    private readonly string _dir;
    private readonly GmailClientFactory _gmailFactory;
    private readonly SqliteEngineStore _store;
    private readonly HttpClient _admin;

    private InboxHarness(string dir, GmailSandbox sandbox, SqliteEngineStore store, FakeTimeProvider time)
    {
        _dir = dir;
        Sandbox = sandbox;
        _store = store;
        Time = time;
        _gmailFactory = new GmailClientFactory(timeProvider: time);
        _admin = new HttpClient { BaseAddress = sandbox.BaseAddress };
    }

    public FakeTimeProvider Time { get; }

    public GmailSandbox Sandbox { get; }

    public IEngineStore Store => _store;

    public Mailbox Mailbox { get; private set; } = null!;

    public SequenceWorker Worker { get; private set; } = null!;

    public SequenceCatalog Sequences { get; private set; } = null!;

    /// <summary>How many worker cycles have run.</summary>
    public int Cycles { get; private set; }

    /// <summary>The mailbox seen through the same client code the engine uses.</summary>
    public IGmailClient MailboxClient => _gmailFactory.Create(Mailbox);

    /// <summary>
    /// Starts the engine on one mailbox with the files given (relative path → text: <c>sequences/x.yaml</c>,
    /// <c>sequences/templates/y.liquid</c>, <c>rules/z.yaml</c>, <c>rules/templates/w.liquid</c>).
    /// </summary>
    public static async Task<InboxHarness> StartAsync(string mailbox, IReadOnlyDictionary<string, string> files, RecipientScript? recipients = null,
        Action<WorkerOptions>? configureWorker = null, MailboxKind kind = MailboxKind.Sandbox, CancellationToken cancellationToken = default)
    {
        var dir = Directory.CreateTempSubdirectory("nudge-inbox-").FullName;
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text, cancellationToken);
        }

        // A Monday morning, so that business hours and windows are open at the start.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions { TimeProvider = time, Recipients = recipients }, cancellationToken);
        var store = new SqliteEngineStore($"Data Source={Path.Combine(dir, "nudge.db")}");
        var harness = new InboxHarness(dir, sandbox, store, time);
        await store.MigrateAsync(cancellationToken);
        var credentials = sandbox.AddMailbox(mailbox, kind == MailboxKind.Workspace ? SandboxAccountKind.Workspace : SandboxAccountKind.Gmail);
        var mailboxId = await store.UpsertMailboxAsync(
            new Mailbox(0, mailbox, "Acme Support", sandbox.BaseAddress.ToString(), credentials.AccessToken, null, kind), cancellationToken);
        harness.Mailbox = (await store.GetMailboxAsync(mailboxId, cancellationToken))!;

        var sequencesDir = Path.Combine(dir, "sequences");
        harness.Sequences = new SequenceCatalog(Directory.Exists(sequencesDir) ? await SequenceFile.LoadDirectoryAsync(sequencesDir, cancellationToken) : []);
        var rulesDir = Path.Combine(dir, "rules");
        var rules = Directory.Exists(rulesDir) ? await RuleFile.LoadDirectoryAsync(rulesDir, cancellationToken) : [];
        var options = new WorkerOptions { PollInterval = TimeSpan.FromMinutes(5) };
        options.Quota.SendGap = TimeSpan.Zero;
        configureWorker?.Invoke(options);
        harness.Worker = new SequenceWorker(store, harness.Sequences, harness._gmailFactory, time, options, rules: rules);
        return harness;
    }

    public async Task<long> EnrollAsync(string email, string sequence, IReadOnlyDictionary<string, string>? fields = null,
        CancellationToken cancellationToken = default)
    {
        var contactId = await _store.UpsertContactAsync(new Contact(0, email, fields ?? new Dictionary<string, string>()), cancellationToken);
        return await _store.EnrollAsync(contactId, sequence, Mailbox.Id, Time.GetUtcNow(), cancellationToken);
    }

    /// <summary>One worker cycle: read, answer, send, read again.</summary>
    public async Task<WorkerCycleResult> CycleAsync(CancellationToken cancellationToken)
    {
        Cycles++;
        return await Worker.RunCycleAsync(cancellationToken);
    }

    /// <summary>Moves the clock on by <paramref name="step"/> and runs one cycle (a poll).</summary>
    public async Task<WorkerCycleResult> PollAsync(TimeSpan step, CancellationToken cancellationToken)
    {
        Time.Advance(step);
        return await CycleAsync(cancellationToken);
    }

    /// <summary>Puts a message into the mailbox's inbox as if delivered (messages.import); returns its Gmail message.</summary>
    public Task<GmailMessage> DeliverAsync(MimeMessage message, string? threadId = null, CancellationToken cancellationToken = default) =>
        MailboxClient.ImportAsync(MessageComposer.ToRaw(message), threadId, ["INBOX", "UNREAD"], cancellationToken);

    /// <summary>A plain-text message from <paramref name="from"/> to the mailbox.</summary>
    public MimeMessage NewMail(string from, string subject, string text, MimeMessage? inReplyTo = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(Mailbox.Email));
        message.Subject = subject;
        message.Date = Time.GetUtcNow();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..].TrimEnd('>'));
        if (inReplyTo is not null)
        {
            var answered = inReplyTo.MessageId ?? throw new ArgumentException("The message answered has no Message-ID.", nameof(inReplyTo));
            message.InReplyTo = answered;
            foreach (var reference in inReplyTo.References)
            {
                message.References.Add(reference);
            }

            message.References.Add(answered);
        }

        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>Every message of a thread, parsed, oldest first.</summary>
    public async Task<IReadOnlyList<(GmailMessage Gmail, MimeMessage Mime)>> ReadThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        var thread = await MailboxClient.GetThreadAsync(threadId, MessageFormat.Minimal, null, cancellationToken);
        var messages = new List<(GmailMessage, MimeMessage)>();
        foreach (var item in thread.Messages ?? [])
        {
            var raw = await MailboxClient.GetMessageAsync(item.Id, MessageFormat.Raw, null, cancellationToken);
            using var stream = new MemoryStream(Base64Url.Decode(raw.Raw!));
            messages.Add((raw, await MimeMessage.LoadAsync(stream, cancellationToken)));
        }

        return messages;
    }

    public async Task<Enrollment> EnrollmentAsync(long id, CancellationToken cancellationToken) =>
        (await _store.GetEnrollmentAsync(id, cancellationToken))!;

    /// <summary>The quota units the sandbox has charged the mailbox so far (its <c>GET /sandbox/stats</c>).</summary>
    public async Task<long> UnitsAsync(CancellationToken cancellationToken)
    {
        using var stats = JsonDocument.Parse(await _admin.GetStringAsync(new Uri("sandbox/stats", UriKind.Relative), cancellationToken));
        foreach (var mailbox in stats.RootElement.GetProperty("mailboxes").EnumerateArray())
        {
            if (mailbox.GetProperty("email").GetString() == Mailbox.Email)
            {
                return mailbox.GetProperty("units").GetInt64();
            }
        }

        return 0;
    }

    /// <summary>The units per method the sandbox charged the mailbox so far.</summary>
    public async Task<IReadOnlyDictionary<string, long>> UnitsByMethodAsync(CancellationToken cancellationToken)
    {
        using var stats = JsonDocument.Parse(await _admin.GetStringAsync(new Uri("sandbox/stats", UriKind.Relative), cancellationToken));
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var mailbox in stats.RootElement.GetProperty("mailboxes").EnumerateArray())
        {
            if (mailbox.GetProperty("email").GetString() != Mailbox.Email)
            {
                continue;
            }

            foreach (var method in mailbox.GetProperty("methods").EnumerateObject())
            {
                result[method.Name] = method.Value.GetProperty("units").GetInt64();
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
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
