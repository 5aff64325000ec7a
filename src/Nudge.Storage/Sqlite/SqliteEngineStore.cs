using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

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
public sealed class SqliteEngineStore : IEngineStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection? _keepAlive;
    private readonly SqlEngineStore _inner;
    private readonly string _pragmas;

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
    {
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

        // A shared in-memory database disappears with its last connection: hold one open for the store's lifetime.
        if (inMemory)
        {
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }

        _inner = new SqlEngineStore(SqlDialect.Sqlite, OpenAsync, _writeGate, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) => _inner.MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public Task<long> UpsertMailboxAsync(Mailbox mailbox, CancellationToken cancellationToken) =>
        _inner.UpsertMailboxAsync(mailbox, cancellationToken);

    /// <inheritdoc />
    public Task<Mailbox?> GetMailboxAsync(long mailboxId, CancellationToken cancellationToken) =>
        _inner.GetMailboxAsync(mailboxId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken cancellationToken) =>
        _inner.ListMailboxesAsync(cancellationToken);

    /// <inheritdoc />
    public Task SetHistoryCheckpointAsync(long mailboxId, ulong historyId, CancellationToken cancellationToken) =>
        _inner.SetHistoryCheckpointAsync(mailboxId, historyId, cancellationToken);

    /// <inheritdoc />
    public Task<long> UpsertContactAsync(Contact contact, CancellationToken cancellationToken) =>
        _inner.UpsertContactAsync(contact, cancellationToken);

    /// <inheritdoc />
    public Task<Contact?> GetContactAsync(long contactId, CancellationToken cancellationToken) =>
        _inner.GetContactAsync(contactId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Contact>> ListContactsAsync(CancellationToken cancellationToken) =>
        _inner.ListContactsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<long> EnrollAsync(
        long contactId, string sequenceName, long mailboxId, DateTimeOffset firstDueAt, CancellationToken cancellationToken) =>
        _inner.EnrollAsync(contactId, sequenceName, mailboxId, firstDueAt, cancellationToken);

    /// <inheritdoc />
    public Task<Enrollment?> GetEnrollmentAsync(long enrollmentId, CancellationToken cancellationToken) =>
        _inner.GetEnrollmentAsync(enrollmentId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Enrollment>> ListEnrollmentsAsync(CancellationToken cancellationToken) =>
        _inner.ListEnrollmentsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Enrollment>> ClaimDueAsync(
        DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken) =>
        _inner.ClaimDueAsync(now, limit, lease, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken) => _inner.NextDueAtAsync(cancellationToken);

    /// <inheritdoc />
    public Task<Enrollment?> FindEnrollmentByThreadAsync(long mailboxId, string threadId, CancellationToken cancellationToken) =>
        _inner.FindEnrollmentByThreadAsync(mailboxId, threadId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryReserveSendAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        _inner.TryReserveSendAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task RecordSentAsync(SentMessage sent, DateTimeOffset? nextDueAt, CancellationToken cancellationToken) =>
        _inner.RecordSentAsync(sent, nextDueAt, cancellationToken);

    /// <inheritdoc />
    public Task RecordSendFailedAsync(
        long enrollmentId, int step, OutboxState state, EnrollmentStatus status, string reason, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        _inner.RecordSendFailedAsync(enrollmentId, step, state, status, reason, at, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(long enrollmentId, CancellationToken cancellationToken) =>
        _inner.ListOutboxAsync(enrollmentId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsOwnMessageAsync(long mailboxId, string gmailMessageId, CancellationToken cancellationToken) =>
        _inner.IsOwnMessageAsync(mailboxId, gmailMessageId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> StopEnrollmentAsync(
        long enrollmentId, EnrollmentStatus status, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        _inner.StopEnrollmentAsync(enrollmentId, status, reason, at, cancellationToken);

    /// <inheritdoc />
    public Task AddEventAsync(EnrollmentEvent enrollmentEvent, CancellationToken cancellationToken) =>
        _inner.AddEventAsync(enrollmentEvent, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EnrollmentEvent>> ListEventsAsync(long enrollmentId, CancellationToken cancellationToken) =>
        _inner.ListEventsAsync(enrollmentId, cancellationToken);

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

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
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
