using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Nudge.Storage.Sqlite;

/// <summary>
/// The engine's store in a SQLite database: one machine, one worker process.
/// </summary>
/// <remarks>
/// SQLite has a single writer, so row locks are not emulated: every write of this instance waits for one semaphore
/// (Quartz's <c>SQLiteSemaphore</c>), which makes a claim and its lease one step no other claimer of this instance
/// can interleave. Connections use WAL (readers do not block the writer), a busy timeout (another process writing
/// makes us wait rather than fail) and foreign keys. Use one instance per database in a process.
/// </remarks>
public sealed class SqliteEngineStore : SqlEngineStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate;
    private readonly SqliteConnection? _keepAlive;
    private readonly string _pragmas;
    private readonly string _durablePragma;

    /// <summary>Creates a store on the database the connection string names; nothing is opened until first use.</summary>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string: <c>Data Source=path</c> for a file, or
    /// <c>Data Source=name;Mode=Memory;Cache=Shared</c> for a shared in-memory database that lives as long as the store.
    /// </param>
    /// <param name="timeProvider">The clock for migration bookkeeping; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">
    /// The connection string is blank, or names a private in-memory database, which every new connection would see empty.
    /// </exception>
    public SqliteEngineStore(string connectionString, TimeProvider? timeProvider = null)
        : this(connectionString, new SemaphoreSlim(1, 1), timeProvider ?? TimeProvider.System)
    {
    }

    private SqliteEngineStore(string connectionString, SemaphoreSlim writeGate, TimeProvider timeProvider)
        : base(SqlDialect.Sqlite, writeGate, timeProvider)
    {
        _writeGate = writeGate;
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory
            || string.Equals(builder.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase);
        if (inMemory && builder.Cache != SqliteCacheMode.Shared)
        {
            throw new ArgumentException(
                "An in-memory SQLite database must be shared (Mode=Memory;Cache=Shared): the store opens a connection per call.",
                nameof(connectionString));
        }

        _connectionString = builder.ToString();
        _pragmas = SqlQueries.For(SqlDialect.Sqlite)["ConnectionPragmas"];
        _durablePragma = SqlQueries.For(SqlDialect.Sqlite)["DurableCommitPragma"];

        // A shared in-memory database disappears with its last connection: hold one open for the store's lifetime.
        if (inMemory)
        {
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }

    }

    /// <summary>Closes the database: pooled connections are released, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        _keepAlive?.Dispose();
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
    }

    /// <summary>
    /// A connection that commits with <c>synchronous = FULL</c>; the next open of the pooled connection sets it back to
    /// <c>NORMAL</c> (ConnectionPragmas).
    /// </summary>
    private protected override async Task<DbConnection> OpenDurableAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_durablePragma, cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(_pragmas, cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
