using System.CommandLine;
using Nudge.Core.Abstractions;
using Nudge.Core.Sequences;
using Nudge.Gmail;
using Nudge.Gmail.Auth;
using Nudge.Storage;

namespace Nudge.Cli.Hosting;

/// <summary>
/// The options every engine command shares, and opening what they name: <c>--db</c> (a SQLite file, the default),
/// <c>--postgres</c> (a PostgreSQL connection string, for several workers), <c>--key</c> (the credential key file) and
/// <c>--sequences</c> (a folder of sequence files, or one file).
/// </summary>
internal sealed class CliStore
{
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "SQLite database of Nudge (default: ~/.local/share/nudge/nudge.db)",
        Recursive = true,
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL connection string instead of SQLite, for several workers (default: $NUDGE_POSTGRES)",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "Key file that decrypts the mailbox credentials (default: the database's path + .key)",
        Recursive = true,
    };

    public Option<string?> Sequences { get; } = new("--sequences")
    {
        Description = "Folder of sequence files (*.yaml, templates in templates/ beside them), or one file (default: $NUDGE_SEQUENCES, else ./sequences)",
        Recursive = true,
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(Postgres);
        command.Options.Add(Key);
        command.Options.Add(Sequences);
    }

    /// <summary>Opens (and migrates) the store the options name.</summary>
    public async Task<IEngineStore> OpenStoreAsync(ParseResult parse, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var store = PostgresConnection(parse) is { } connection
            ? EngineStoreFactory.Create(EngineStoreFactory.Postgres, connection, timeProvider)
            : EngineStoreFactory.Create(EngineStoreFactory.Sqlite, EngineStoreFactory.SqliteConnectionString(DatabasePath(parse)), timeProvider);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>The SQLite file in use (its folder is created), also the base of the default key path.</summary>
    public string DatabasePath(ParseResult parse)
    {
        var path = Path.GetFullPath(parse.GetValue(Db) ?? DefaultDatabasePath());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>
    /// A Gmail client factory that reaches every kind of mailbox: sandbox ones with their static token, signed-in ones
    /// with their credential decrypted by the key file (when it exists).
    /// </summary>
    public GmailClientFactory CreateGmailFactory(ParseResult parse, IEngineStore store, TimeProvider timeProvider)
    {
        var keyPath = KeyPath(parse);
        var providers = File.Exists(keyPath)
            ? new MailboxTokenProviders(TokenProtector.LoadOrCreate(keyPath), store, timeProvider)
            : null;
        return new GmailClientFactory(providers, timeProvider);
    }

    /// <summary>The key file of the mailbox credentials: <c>--key</c>, or the database's path + <c>.key</c>.</summary>
    public string KeyPath(ParseResult parse) =>
        parse.GetValue(Key) ?? TokenProtector.DefaultKeyPath(PostgresConnection(parse) is null ? DatabasePath(parse) : DefaultDatabasePath());

    /// <summary>Loads the sequences the options name.</summary>
    /// <exception cref="SequenceFileException">A file is invalid; the message names the file, the line and the field.</exception>
    public async Task<SequenceCatalog> LoadSequencesAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var path = SequencesPath(parse);
        if (File.Exists(path))
        {
            return new SequenceCatalog([await SequenceFile.LoadAsync(path, cancellationToken)]);
        }

        if (!Directory.Exists(path))
        {
            throw new SequenceFileException($"{path}: no such folder or file of sequences (give one with --sequences)");
        }

        return new SequenceCatalog(await SequenceFile.LoadDirectoryAsync(path, cancellationToken));
    }

    /// <summary>
    /// Where the web host keeps the keys that sign its session cookies: beside the SQLite database, or in the default
    /// data folder with PostgreSQL. Protect it like the database.
    /// </summary>
    public string DashboardKeysDirectory(ParseResult parse) =>
        Path.Combine(Path.GetDirectoryName(PostgresConnection(parse) is null ? DatabasePath(parse) : DefaultDatabasePath())!, "dashboard-keys");

    public string SequencesPath(ParseResult parse) =>
        Path.GetFullPath(parse.GetValue(Sequences) ?? Environment.GetEnvironmentVariable("NUDGE_SEQUENCES") ?? "sequences");

    private string? PostgresConnection(ParseResult parse) =>
        parse.GetValue(Postgres) is { Length: > 0 } given
            ? given
            : Environment.GetEnvironmentVariable("NUDGE_POSTGRES") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    /// <summary>Where Nudge keeps its SQLite database when no <c>--db</c> is given; every command uses this one.</summary>
    public static string DefaultDatabasePath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "nudge", "nudge.db");
}
