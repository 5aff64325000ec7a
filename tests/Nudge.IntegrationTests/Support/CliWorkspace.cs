using Microsoft.Data.Sqlite;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Sandbox;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// A temporary folder for one CLI test: a SQLite file (<see cref="Db"/>), a folder of sequence files with their
/// templates (<see cref="Sequences"/>), and any other file the test writes. <see cref="NudgeAsync"/> runs the real
/// program on them; <see cref="OpenStoreAsync"/> opens the same database to arrange and to check.
/// </summary>
internal sealed class CliWorkspace : IAsyncDisposable
{
    public const string MailboxEmail = "sam@acme.example";

    private readonly List<IEngineStore> _stores = [];

    private CliWorkspace(string dir)
    {
        Dir = dir;
    }

    public string Dir { get; }

    public string Db => Path.Combine(Dir, "data", "nudge.db");

    public string Sequences => Path.Combine(Dir, "sequences");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static CliWorkspace Create() => new(Directory.CreateTempSubdirectory("nudge-cli-engine-").FullName);

    /// <summary>Runs <c>nudge ARGS --db DB --sequences SEQUENCES</c>.</summary>
    public Task<CliResult> NudgeAsync(params string[] args) => RunAsync([.. args, "--db", Db, "--sequences", Sequences]);

    /// <summary>
    /// Runs <c>nudge</c> with exactly <paramref name="args"/>. The default data folder points into the workspace, so
    /// that a command run without <c>--db</c> never touches the developer's own database.
    /// </summary>
    public Task<CliResult> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["XDG_DATA_HOME"] = Path.Combine(Dir, "xdg-data"),
        };
        return CliProcess.RunAsync(args, env, Ct);
    }

    /// <summary>
    /// Writes <c>outreach.yaml</c>: step 1 <c>intro</c> (subject "Hello {{ company }}") at once, step 2 <c>bump</c>
    /// after <paramref name="bumpWait"/>, in the intro's thread.
    /// </summary>
    public async Task WriteOutreachAsync(string bumpWait = "1s")
    {
        await WriteSequenceAsync("outreach.yaml",
            $"name: outreach\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: {bumpWait}\n");
        await WriteTemplateAsync("intro", "---\nsubject: Hello {{ company }}\n---\nHi {{ first_name | default: \"there\" }},\n\nA note for {{ company }}.\n");
        await WriteTemplateAsync("bump", "Bumping this up.\n");
    }

    public Task WriteSequenceAsync(string fileName, string yaml)
    {
        Directory.CreateDirectory(Sequences);
        return File.WriteAllTextAsync(Path.Combine(Sequences, fileName), yaml, Ct);
    }

    public Task WriteTemplateAsync(string name, string text)
    {
        var templates = Directory.CreateDirectory(Path.Combine(Sequences, "templates")).FullName;
        return File.WriteAllTextAsync(Path.Combine(templates, name + ".liquid"), text, Ct);
    }

    /// <summary>Writes a file in the workspace and returns its path.</summary>
    public async Task<string> WriteFileAsync(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        await File.WriteAllTextAsync(path, text, Ct);
        return path;
    }

    /// <summary>The workspace's database, migrated, as the engine uses it; disposed with the workspace.</summary>
    public async Task<IEngineStore> OpenStoreAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        var store = EngineStoreFactory.Create(EngineStoreFactory.Sqlite, EngineStoreFactory.SqliteConnectionString(Db));
        _stores.Add(store);
        await store.MigrateAsync(Ct);
        return store;
    }

    /// <summary>Stores a mailbox row with a static token, as <c>nudge mailbox add --sandbox --access-token</c> does.</summary>
    public async Task<Mailbox> AddMailboxAsync(string apiBaseUrl = "http://127.0.0.1:1/", string accessToken = "token", string email = MailboxEmail)
    {
        var store = await OpenStoreAsync();
        var id = await store.UpsertMailboxAsync(new Mailbox(0, email, "Sam Rivera", apiBaseUrl, accessToken, null), Ct);
        return (await store.GetMailboxAsync(id, Ct))!;
    }

    /// <summary>Adds <see cref="MailboxEmail"/> to the sandbox and stores it as the workspace's mailbox.</summary>
    public Task<Mailbox> AddSandboxMailboxAsync(GmailSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var credentials = sandbox.AddMailbox(MailboxEmail);
        return AddMailboxAsync(sandbox.BaseAddress.ToString(), credentials.AccessToken);
    }

    public async Task AddSuppressionAsync(string value, string reason)
    {
        var store = await OpenStoreAsync();
        await store.AddSuppressionAsync(Suppression.Parse(value, reason, TimeProvider.System.GetUtcNow()), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
