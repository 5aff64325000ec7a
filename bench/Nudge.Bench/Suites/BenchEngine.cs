using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Nudge.Core.Abstractions;
using Nudge.Core.Quota;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;
using Nudge.Gmail;
using Nudge.Sandbox;
using Nudge.Storage.Postgres;
using Nudge.Storage.Sqlite;

namespace Nudge.Bench.Suites;

/// <summary>
/// The engine on its real path for a benchmark: a store (a SQLite file, or a PostgreSQL database of its own), the Gmail
/// client, and the Gmail sandbox on loopback with its limits lifted; plus bulk seeding straight into the migrated schema.
/// </summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    public const string SequenceName = "outreach";

    // Far enough that no seeded enrollment comes due during a run; each one a millisecond apart, as real due times are.
    private static readonly TimeSpan FutureOffset = TimeSpan.FromDays(30);

    private static readonly Dictionary<string, object> NoParameters = [];

    private readonly Func<CancellationToken, Task<DbConnection>> _openRaw;
    private readonly Func<Task> _dispose;

    private BenchEngine(string dialect, IEngineStore store, GmailSandbox sandbox, IReadOnlyList<long> mailboxIds,
        Func<CancellationToken, Task<DbConnection>> openRaw, Func<Task> dispose)
    {
        Dialect = dialect;
        Store = store;
        Sandbox = sandbox;
        MailboxIds = mailboxIds;
        _openRaw = openRaw;
        _dispose = dispose;
        Gmail = new GmailClientFactory();
        Catalog = new SequenceCatalog([Sequence()]);
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Dialect { get; }

    public IEngineStore Store { get; }

    public GmailSandbox Sandbox { get; }

    public GmailClientFactory Gmail { get; }

    public SequenceCatalog Catalog { get; }

    /// <summary>The mailboxes' store ids, consecutive from the first (a fresh database).</summary>
    public IReadOnlyList<long> MailboxIds { get; }

    /// <summary>How many contacts and enrollments <see cref="SeedAsync"/> has written.</summary>
    public long Seeded { get; private set; }

    /// <summary>
    /// Starts a sandbox with <paramref name="mailboxes"/> mailboxes and a fresh store: a SQLite file in
    /// <paramref name="scratch"/>, or, when <paramref name="postgresServer"/> is given, a database of its own created on
    /// that server (named after <paramref name="name"/> and the process), dropped again on dispose, so that a run never
    /// empties a database someone else uses.
    /// </summary>
    public static async Task<BenchEngine> StartAsync(string name, string scratch, string? postgresServer, int mailboxes,
        CancellationToken cancellationToken)
    {
        var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions
        {
            // Limits lifted: the figures are the engine's cost, not Gmail's quotas (which the quota suite measures).
            QuotaRegime = QuotaRegime.Legacy,
            UnitsPerMinute = int.MaxValue / 2,
            DailySendLimit = int.MaxValue / 2,
        }, cancellationToken);
        try
        {
            IEngineStore store;
            Func<CancellationToken, Task<DbConnection>> openRaw;
            Func<Task> dispose;
            string dialect;
            if (postgresServer is null)
            {
                dialect = "sqlite";
                var connectionString = $"Data Source={Path.Combine(scratch, name + ".db")}";
                var sqlite = new SqliteEngineStore(connectionString);
                store = sqlite;
                openRaw = async ct =>
                {
                    var connection = new SqliteConnection(connectionString);
                    await connection.OpenAsync(ct);
                    await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000", NoParameters, ct);
                    return connection;
                };
                dispose = () =>
                {
                    sqlite.Dispose();
                    SqliteConnection.ClearAllPools();
                    return Task.CompletedTask;
                };
            }
            else
            {
                dialect = "postgres";
                var database = string.Create(CultureInfo.InvariantCulture, $"nudge_bench_{name}_{Environment.ProcessId}");
                await RecreateDatabaseAsync(postgresServer, database, create: true, cancellationToken);
                var connectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = database }.ConnectionString;
                var postgres = new PostgresEngineStore(connectionString);
                store = postgres;
                openRaw = async ct =>
                {
                    var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(ct);
                    return connection;
                };
                dispose = async () =>
                {
                    await postgres.DisposeAsync();
                    NpgsqlConnection.ClearAllPools();
                    await RecreateDatabaseAsync(postgresServer, database, create: false, CancellationToken.None);
                };
            }

            await store.MigrateAsync(cancellationToken);
            var ids = new List<long>();
            for (var i = 0; i < mailboxes; i++)
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"sender{i}@acme.example");
                var credentials = sandbox.AddMailbox(email);
                var id = await store.UpsertMailboxAsync(
                    new Mailbox(0, email, "Sam Rivera", sandbox.BaseAddress.ToString(), credentials.AccessToken, null), cancellationToken);
                await store.SetMailboxQuotaAsync(id, GmailQuotaRegime.Legacy, int.MaxValue / 2, cancellationToken);
                ids.Add(id);
            }

            if (ids.Count > 0 && ids[^1] - ids[0] != ids.Count - 1)
            {
                throw new InvalidOperationException("The bench needs consecutive mailbox ids (a fresh database).");
            }

            return new BenchEngine(dialect, store, sandbox, ids, openRaw, dispose);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Worker options for a benchmark: pacing off (no gap between two sends of a mailbox), so that the figure is the
    /// engine's own cost; everything else as shipped.
    /// </summary>
    public static WorkerOptions WorkerOptions(string workerId) => new()
    {
        WorkerId = workerId,
        Quota = new QuotaOptions { SendGap = TimeSpan.Zero, DailySafetyShare = 1.0 },
    };

    public SequenceWorker NewWorker(string workerId) =>
        new(Store, Catalog, Gmail, TimeProvider.System, WorkerOptions(workerId));

    /// <summary>
    /// Adds <paramref name="count"/> contacts, each enrolled once, spread over the mailboxes in turn, due
    /// <paramref name="dueAt"/> or (when null) a month from now: set-based SQL into the migrated schema, since a million
    /// enrollments through the store's one-at-a-time calls would make the seed the run.
    /// </summary>
    public async Task SeedAsync(long count, DateTimeOffset now, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        var from = Seeded + 1;
        var to = Seeded + count;
        var parameters = new Dictionary<string, object>
        {
            ["from"] = from,
            ["to"] = to,
            ["now"] = now.ToUnixTimeMilliseconds(),
            ["due"] = (dueAt ?? now + FutureOffset).ToUnixTimeMilliseconds(),
            ["spread"] = dueAt is null ? 1L : 0L,
            ["firstMailbox"] = MailboxIds[0],
            ["mailboxes"] = (long)MailboxIds.Count,
        };
        await using var connection = await _openRaw(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (Dialect == "sqlite")
        {
            await ExecuteAsync(connection, """
                WITH RECURSIVE s(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM s WHERE i < @to)
                INSERT INTO contacts (id, email, email_key, fields_json)
                SELECT i, 'lead' || i || '@example.com', 'lead' || i || '@example.com',
                  '{"first_name":"Lead' || i || '","company":"Company ' || i || '"}'
                FROM s
                """, parameters, cancellationToken, transaction);
            await ExecuteAsync(connection, """
                WITH RECURSIVE s(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM s WHERE i < @to)
                INSERT INTO enrollments (id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, enrolled_at)
                SELECT i, i, 'outreach', @firstMailbox + (i % @mailboxes), 1, @due + i * @spread, 0, @now
                FROM s
                """, parameters, cancellationToken, transaction);
        }
        else
        {
            await ExecuteAsync(connection, """
                INSERT INTO contacts (id, email, email_key, fields_json) OVERRIDING SYSTEM VALUE
                SELECT i, 'lead' || i || '@example.com', 'lead' || i || '@example.com',
                  '{"first_name":"Lead' || i || '","company":"Company ' || i || '"}'
                FROM generate_series(@from, @to) AS i;
                INSERT INTO enrollments (id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, enrolled_at)
                OVERRIDING SYSTEM VALUE
                SELECT i, i, 'outreach', @firstMailbox + (i % @mailboxes), 1, @due + i * @spread, 0, @now
                FROM generate_series(@from, @to) AS i;
                SELECT setval(pg_get_serial_sequence('contacts', 'id'), @to);
                SELECT setval(pg_get_serial_sequence('enrollments', 'id'), @to);
                """, parameters, cancellationToken, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
        if (Dialect == "postgres")
        {
            // Fresh statistics, as autovacuum would have them on a live database: the planner then sees the partial index.
            await ExecuteAsync(connection, "ANALYZE contacts; ANALYZE enrollments", NoParameters, cancellationToken);
        }

        Seeded = to;
    }

    /// <summary>Makes enrollments <paramref name="from"/>..<paramref name="to"/> (by id) due at <paramref name="dueAt"/>.</summary>
    public async Task MakeDueAsync(long from, long to, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await _openRaw(cancellationToken);
        await ExecuteAsync(connection, "UPDATE enrollments SET due_at = @due WHERE id BETWEEN @from AND @to AND status = 0",
            new Dictionary<string, object> { ["due"] = dueAt.ToUnixTimeMilliseconds(), ["from"] = from, ["to"] = to }, cancellationToken);
    }

    /// <summary>
    /// Fills every mailbox's unit bucket again: the governor's per-minute budget is lifted between measured cycles, as
    /// the sandbox's is, so that a cycle's figure is never a wait for units.
    /// </summary>
    public async Task RefillQuotaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _openRaw(cancellationToken);
        await ExecuteAsync(connection, "UPDATE mailboxes SET quota_tokens = NULL, quota_updated_at = NULL, next_send_at = NULL", NoParameters,
            cancellationToken);
    }

    /// <summary>The number of a query's first column, first row.</summary>
    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await _openRaw(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The rows of a query, each as text columns (for EXPLAIN).</summary>
    public async Task<IReadOnlyList<string>> QueryLinesAsync(string sql, IReadOnlyDictionary<string, object> parameters,
        CancellationToken cancellationToken)
    {
        await using var connection = await _openRaw(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameters(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        Gmail.Dispose();
        await Sandbox.DisposeAsync();
        await _dispose();
    }

    private static SequenceDefinition Sequence()
    {
        var intro = TemplateFile.Parse("intro", "intro.liquid",
            "---\nsubject: A quicker way to follow up at {{ company }}\n---\nHi {{ first_name | default: \"there\" }},\n\n" +
            "I noticed **{{ company }}** answers a lot of email by hand.\n\nSam\n");
        return SequenceFile.Parse($"name: {SequenceName}\nsteps:\n  - template: intro\n    wait: 0\n", "outreach.yaml",
            new Dictionary<string, MessageTemplate>(StringComparer.Ordinal) { ["intro"] = intro });
    }

    private static async Task RecreateDatabaseAsync(string server, string database, bool create, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", NoParameters, cancellationToken);
        if (create)
        {
            await ExecuteAsync(connection, $"CREATE DATABASE {database}", NoParameters, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, IReadOnlyDictionary<string, object> parameters,
        CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 600;
        AddParameters(command, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameters(DbCommand command, IReadOnlyDictionary<string, object> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
