using Npgsql;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.Storage.Postgres;

/// <summary>
/// The engine's store in a PostgreSQL database, which several worker processes may share.
/// </summary>
/// <remarks>
/// Workers never claim the same enrollment twice: a claim locks the due rows it takes with
/// <c>FOR UPDATE SKIP LOCKED</c> and leases them, so a concurrent claim skips them instead of waiting, and a dead
/// worker's enrollments come back once their lease runs out. Migrations take an advisory lock, so workers may all
/// migrate at start. Connections come from one pooled <see cref="NpgsqlDataSource"/> per store.
/// </remarks>
public sealed class PostgresEngineStore : IEngineStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SqlEngineStore _inner;

    /// <summary>Creates a store on the database the connection string names; nothing is opened until first use.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Username=…;Password=…;Database=…</c>).</param>
    /// <param name="timeProvider">The clock for migration bookkeeping; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">The connection string is blank or not a valid Npgsql connection string.</exception>
    public PostgresEngineStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _inner = new SqlEngineStore(
            SqlDialect.Postgres,
            async cancellationToken => await _dataSource.OpenConnectionAsync(cancellationToken),
            writeGate: null,
            timeProvider ?? TimeProvider.System);
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

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
