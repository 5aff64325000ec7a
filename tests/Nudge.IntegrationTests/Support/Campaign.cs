using System.Globalization;
using System.Text.Json;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Quota;
using Nudge.Core.Sequences;
using Nudge.Sandbox;
using Nudge.Sandbox.Recipients;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// A campaign run by real <c>nudge run</c> processes: the Gmail sandbox in this process (loopback HTTP, real clock),
/// its mailboxes registered in the engine's store, a sequence folder on disk, the contacts enrolled, and the
/// sandbox's stored mail read back afterwards (<see cref="ReadMailAsync"/>).
/// </summary>
/// <remarks>
/// For a post-mortem, set <c>NUDGE_KEEP_CAMPAIGN=1</c>: the campaign's folder (its SQLite database, sequence files and
/// whatever the test saved there, such as the workers' output) is then kept, and its path printed on stderr.
/// </remarks>
internal sealed class Campaign : IAsyncDisposable
{
    private const string KeepVariable = "NUDGE_KEEP_CAMPAIGN";
    private readonly HttpClient _admin;

    private Campaign(string folder, GmailSandbox sandbox, IReadOnlyList<SandboxMailbox> mailboxes)
    {
        Folder = folder;
        Sandbox = sandbox;
        Mailboxes = mailboxes;
        _admin = new HttpClient { BaseAddress = sandbox.BaseAddress };
    }

    /// <summary>A temporary folder for the campaign's files (sequence, templates, SQLite database, key path).</summary>
    public string Folder { get; }

    public GmailSandbox Sandbox { get; }

    public IReadOnlyList<SandboxMailbox> Mailboxes { get; }

    /// <summary>The folder of sequence files given to <c>nudge run --sequences</c>.</summary>
    public string SequencesFolder => Path.Combine(Folder, "sequences");

    /// <summary>
    /// A key path that does not exist: <c>nudge run</c> then reaches the sandbox mailboxes with their static tokens and
    /// never reads or creates a key of the developer's.
    /// </summary>
    public string KeyPath => Path.Combine(Folder, "no-credentials.key");

    /// <summary>
    /// Starts the sandbox (real clock, the legacy quota regime so that a mailbox may send well over a hundred messages a
    /// minute) with <paramref name="mailboxCount"/> Gmail mailboxes <c>sender01@acme.example</c>, ...
    /// </summary>
    /// <param name="mailboxCount">How many mailboxes.</param>
    /// <param name="faults">The sandbox's fault spec (<see cref="SandboxFaults.Parse"/>).</param>
    /// <param name="recipients">The scripted recipients, or none.</param>
    /// <param name="dailySendLimit">The sandbox's own daily sending limit per mailbox (null: Gmail's 500).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<Campaign> StartAsync(int mailboxCount, string faults, RecipientScript? recipients, int? dailySendLimit,
        CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("nudge-campaign-").FullName;
        var options = new GmailSandboxOptions
        {
            QuotaRegime = QuotaRegime.Legacy,
            DailySendLimit = dailySendLimit,
            Faults = SandboxFaults.Parse(faults),
            Recipients = recipients,
        };
        var sandbox = await GmailSandbox.StartAsync(options, cancellationToken);
        var mailboxes = Enumerable.Range(1, mailboxCount)
            .Select(i => sandbox.AddMailbox(string.Create(CultureInfo.InvariantCulture, $"sender{i:00}@acme.example")))
            .ToList();
        Directory.CreateDirectory(Path.Combine(folder, "sequences", "templates"));
        return new Campaign(folder, sandbox, mailboxes);
    }

    /// <summary>
    /// Registers every sandbox mailbox in the engine's store as the engine's own <c>nudge mailbox add</c> for a sandbox
    /// does (API base URL = the sandbox, its static token, kind Sandbox), under the legacy regime and with
    /// <paramref name="dailyLimit"/> as its daily limit (null: the kind's).
    /// </summary>
    public async Task<IReadOnlyList<Mailbox>> RegisterMailboxesAsync(IEngineStore store, int? dailyLimit, CancellationToken cancellationToken)
    {
        var registered = new List<Mailbox>();
        foreach (var (mailbox, index) in Mailboxes.Select((m, i) => (m, i)))
        {
            var id = await store.UpsertMailboxAsync(
                new Mailbox(0, mailbox.Email, string.Create(CultureInfo.InvariantCulture, $"Sender {index + 1}"), Sandbox.BaseAddress.ToString(),
                    mailbox.AccessToken, null, MailboxKind.Sandbox),
                cancellationToken);
            await store.SetMailboxQuotaAsync(id, GmailQuotaRegime.Legacy, dailyLimit, cancellationToken);
            registered.Add((await store.GetMailboxAsync(id, cancellationToken))!);
        }

        return registered;
    }

    /// <summary>Writes the sequence file and its templates (name → text with front matter) and loads them as the worker will.</summary>
    public async Task<SequenceCatalog> WriteSequenceAsync(string yaml, IReadOnlyDictionary<string, string> templates, CancellationToken cancellationToken)
    {
        foreach (var (name, text) in templates)
        {
            await File.WriteAllTextAsync(Path.Combine(SequencesFolder, "templates", name + ".liquid"), text, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(SequencesFolder, "campaign.yaml"), yaml, cancellationToken);
        return new SequenceCatalog(await SequenceFile.LoadDirectoryAsync(SequencesFolder, cancellationToken));
    }

    /// <summary>Enrolls the contacts through the engine's own enroller (one transaction), as <c>nudge import</c> does.</summary>
    public static async Task EnrollAsync(IEngineStore store, SequenceCatalog catalog, string sequenceName, IReadOnlyList<Contact> contacts,
        CancellationToken cancellationToken)
    {
        var csv = new ContactCsvResult(contacts, []) { Lines = [.. Enumerable.Range(2, contacts.Count)] };
        var result = await new Enroller(store, catalog, null, TimeProvider.System).ImportAsync(csv, sequenceName, cancellationToken);
        result.Rejected.ShouldBeEmpty(string.Join("; ", result.Rejected.Select(r => $"line {r.Line}: {r.Reason}")));
        result.Enrolled.ShouldBe(contacts.Count);
    }

    /// <summary>The common <c>nudge run</c> options of a fast rehearsal against the sandbox, after the store option.</summary>
    public IEnumerable<string> RunArguments(string workerId, TimeSpan maxTime) =>
    [
        "--sequences", SequencesFolder,
        "--key", KeyPath,
        "--exit-when-done",
        "--max-time", string.Create(CultureInfo.InvariantCulture, $"{(int)maxTime.TotalSeconds}s"),
        "--poll", "200ms",
        "--lease", "2s",
        "--send-gap", "0s",
        "--reconcile-delay", "1s",
        "--worker-id", workerId,
        "--quiet",
    ];

    /// <summary>Every message stored in every sandbox mailbox, through <c>GET /sandbox/mailboxes/{email}/messages</c>.</summary>
    public async Task<CampaignMail> ReadMailAsync(CancellationToken cancellationToken)
    {
        var messages = new List<StoredMail>();
        foreach (var mailbox in Mailboxes)
        {
            using var document = JsonDocument.Parse(
                await _admin.GetStringAsync(new Uri($"sandbox/mailboxes/{Uri.EscapeDataString(mailbox.Email)}/messages", UriKind.Relative),
                    cancellationToken));
            foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
            {
                messages.Add(StoredMail.Parse(mailbox.Email, message, cancellationToken));
            }
        }

        return new CampaignMail(messages);
    }

    /// <summary>The sandbox's <c>GET /sandbox/stats</c>.</summary>
    public async Task<JsonDocument> ReadStatsAsync(CancellationToken cancellationToken) =>
        JsonDocument.Parse(await _admin.GetStringAsync(new Uri("sandbox/stats", UriKind.Relative), cancellationToken));

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await Sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable(KeepVariable) == "1")
        {
            await Console.Error.WriteLineAsync("campaign kept in " + Folder);
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; a test must not fail for it.
        }
    }
}
