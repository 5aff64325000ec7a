using System.Data.Common;
using Dapper;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;

namespace Nudge.Storage;

/// <summary>
/// The <see cref="IEngineStore"/> logic both dialects share; the dialect brings its connections, its SQL files and,
/// on SQLite, the semaphore every write goes through.
/// </summary>
/// <remarks>
/// Deliberately dumb: it records what the engine decided and adds no events of its own. Instants come from the
/// caller (the engine's <see cref="TimeProvider"/>), never from the database clock.
/// </remarks>
public abstract partial class SqlEngineStore : IEngineStore
{
    private readonly SqlDialect _dialect;
    private readonly SemaphoreSlim? _writeGate;
    private readonly TimeProvider _timeProvider;
    private readonly SqlQueries _sql;

    /// <param name="dialect">Which SQL files to use.</param>
    /// <param name="writeGate">When set, every write waits for it: SQLite's single writer, served in order.</param>
    /// <param name="timeProvider">Only for the migration bookkeeping (<c>schema_migrations.applied_at</c>).</param>
    private protected SqlEngineStore(SqlDialect dialect, SemaphoreSlim? writeGate, TimeProvider timeProvider)
    {
        StoreRows.EnsureMapped();
        _dialect = dialect;
        _writeGate = writeGate;
        _timeProvider = timeProvider;
        _sql = SqlQueries.For(dialect);
    }

    /// <summary>Opens a ready-to-use connection (pragmas applied); the caller disposes it.</summary>
    private protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection whose commits are on disk before they return, even against an OS crash or a power loss: for a
    /// write that an irreversible act follows (a send's reservation). Every connection of a dialect that commits
    /// synchronously already is one.
    /// </summary>
    private protected virtual Task<DbConnection> OpenDurableAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(c => Migrator.ApplyAsync(c, _dialect, _timeProvider, cancellationToken), cancellationToken);

    public Task<long> UpsertMailboxAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var parameters = new
        {
            email = mailbox.Email,
            displayName = mailbox.DisplayName,
            apiBaseUrl = mailbox.ApiBaseUrl,
            accessToken = mailbox.AccessToken,
            historyCheckpoint = StoreRows.ToColumn(mailbox.HistoryCheckpoint),
            kind = (int)mailbox.Kind,
            status = (int)mailbox.Status,
            pausedReason = mailbox.PausedReason,
            pausedAt = StoreRows.ToUnixMs(mailbox.PausedAt),
            credentialCiphertext = mailbox.CredentialCiphertext,
            tokenUrl = mailbox.TokenUrl,
            quotaRegime = (int)mailbox.QuotaRegime,
            dailyLimit = mailbox.DailyLimitOverride,
        };
        return WriteAsync(c => c.ExecuteScalarAsync<long>(Command("UpsertMailbox", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<Mailbox?> GetMailboxAsync(long mailboxId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<MailboxRow>(
            Command("GetMailbox", new { mailboxId }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<MailboxRow>(Command("ListMailboxes", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public Task SetHistoryCheckpointAsync(long mailboxId, ulong historyId, DateTimeOffset syncedAt, CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command(
                "SetHistoryCheckpoint",
                new { mailboxId, historyCheckpoint = StoreRows.ToColumn(historyId), syncedAt = StoreRows.ToUnixMs(syncedAt) },
                cancellationToken)),
            cancellationToken);

    public Task PauseMailboxAsync(long mailboxId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var parameters = new { mailboxId, reason, at = StoreRows.ToUnixMs(at) };
        return WriteAsync(c => c.ExecuteAsync(Command("PauseMailbox", parameters, cancellationToken)), cancellationToken);
    }

    public Task ResumeMailboxAsync(long mailboxId, CancellationToken cancellationToken) =>
        WriteAsync(c => c.ExecuteAsync(Command("ResumeMailbox", new { mailboxId }, cancellationToken)), cancellationToken);

    public Task UpdateMailboxCredentialAsync(long mailboxId, string ciphertext, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ciphertext);
        return WriteAsync(
            c => c.ExecuteAsync(Command("UpdateMailboxCredential", new { mailboxId, ciphertext }, cancellationToken)), cancellationToken);
    }

    public async Task<int> CountSentSinceAsync(long mailboxId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var count = await ReadAsync(c => c.ExecuteScalarAsync<long>(
            Command("CountSentSince", new { mailboxId, since = StoreRows.ToUnixMs(since) }, cancellationToken)), cancellationToken);
        return checked((int)count);
    }

    public Task<long> UpsertContactAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentException.ThrowIfNullOrWhiteSpace(contact.Email, nameof(contact));
        return WriteAsync(
            async c =>
            {
                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                var id = await UpsertContactAsync(c, transaction, contact, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return id;
            },
            cancellationToken);
    }

    /// <summary>The contact row and the addresses it is known by (its email and its <c>other_emails</c>).</summary>
    private async Task<long> UpsertContactAsync(DbConnection c, DbTransaction transaction, Contact contact, CancellationToken cancellationToken)
    {
        var emailKey = contact.Email.Trim().ToLowerInvariant();
        var parameters = new { email = contact.Email.Trim(), emailKey, fieldsJson = StoreRows.SerializeFields(contact.Fields) };
        var contactId = await c.ExecuteScalarAsync<long>(Command("UpsertContact", parameters, cancellationToken, transaction));
        await c.ExecuteAsync(Command("DeleteContactAddresses", new { contactId }, cancellationToken, transaction));
        foreach (var address in ContactAddresses.Of(contact))
        {
            var query = address == emailKey ? "UpsertContactOwnAddress" : "UpsertContactAddress";
            await c.ExecuteAsync(Command(query, new { emailKey = address, contactId }, cancellationToken, transaction));
        }

        return contactId;
    }

    public async Task<Contact?> GetContactAsync(long contactId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<ContactRow>(
            Command("GetContact", new { contactId }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Contact>> ListContactsAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<ContactRow>(Command("ListContacts", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public Task<long> EnrollAsync(
        long contactId, string sequenceName, long mailboxId, DateTimeOffset firstDueAt, CancellationToken cancellationToken) =>
        EnrollAsync(new NewEnrollment(contactId, sequenceName, mailboxId, 1, firstDueAt, firstDueAt), cancellationToken);

    public Task<long> EnrollAsync(NewEnrollment enrollment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentException.ThrowIfNullOrWhiteSpace(enrollment.SequenceName, nameof(enrollment));
        return WriteAsync(
            async c =>
            {
                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                var id = await EnrollAsync(c, transaction, enrollment, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return id;
            },
            cancellationToken);
    }

    private async Task<long> EnrollAsync(DbConnection c, DbTransaction transaction, NewEnrollment enrollment, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(enrollment.FirstStep);
        var parameters = new
        {
            contactId = enrollment.ContactId,
            sequenceName = enrollment.SequenceName,
            mailboxId = enrollment.MailboxId,
            firstStep = (long)enrollment.FirstStep,
            dueAt = StoreRows.ToUnixMs(enrollment.FirstDueAt),
            enrolledAt = StoreRows.ToUnixMs(enrollment.EnrolledAt),
            threadId = enrollment.ExistingThreadId,
            externalThread = enrollment.ExistingThreadId is null ? 0L : 1L,
        };
        await c.ExecuteAsync(Command("Enroll", parameters, cancellationToken, transaction));
        return await c.ExecuteScalarAsync<long>(Command(
            "FindEnrollmentId", new { contactId = enrollment.ContactId, sequenceName = enrollment.SequenceName }, cancellationToken, transaction));
    }

    public Task<IReadOnlyList<(long ContactId, long? EnrollmentId)>> ImportAsync(
        IReadOnlyList<(Contact Contact, NewEnrollment? Enrollment)> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteAsync<IReadOnlyList<(long, long?)>>(
            async c =>
            {
                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                var ids = new List<(long, long?)>(rows.Count);
                foreach (var (contact, enrollment) in rows)
                {
                    var contactId = await UpsertContactAsync(c, transaction, contact, cancellationToken);
                    long? enrollmentId = enrollment is null
                        ? null
                        : await EnrollAsync(c, transaction, enrollment with { ContactId = contactId }, cancellationToken);
                    ids.Add((contactId, enrollmentId));
                }

                await transaction.CommitAsync(cancellationToken);
                return ids;
            },
            cancellationToken);
    }

    public Task<int> ImportContactsAsync(IEnumerable<Contact> contacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        return WriteAsync(
            async c =>
            {
                // SQLite's default 2 MB page cache makes a million inserts into the email indexes spill and re-read
                // pages all along; a bigger cache for this connection only, put back before it returns to the pool.
                var sqlite = _dialect == SqlDialect.Sqlite;
                if (sqlite)
                {
                    await c.ExecuteAsync(new CommandDefinition("PRAGMA cache_size = -65536;", cancellationToken: cancellationToken));
                }

                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                var writer = new ContactImportWriter(c, transaction, _dialect);
                await using (writer)
                {
                    var batch = new List<Contact>(ContactImportWriter.BatchSize);
                    foreach (var contact in contacts)
                    {
                        batch.Add(contact);
                        if (batch.Count == ContactImportWriter.BatchSize)
                        {
                            await writer.WriteAsync(batch, cancellationToken);
                            batch.Clear();
                        }
                    }

                    await writer.WriteAsync(batch, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                if (sqlite)
                {
                    await c.ExecuteAsync(new CommandDefinition("PRAGMA cache_size = -2000;", cancellationToken: cancellationToken));
                }

                return writer.Count;
            },
            cancellationToken);
    }

    public async Task<Contact?> FindContactByAddressAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<ContactRow>(
            Command("FindContactByAddress", new { emailKey = email.Trim().ToLowerInvariant() }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Enrollment>> ListEnrollmentsForContactAsync(long contactId, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<EnrollmentRow>(
            Command("ListEnrollmentsForContact", new { contactId }, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<Enrollment>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, IReadOnlyCollection<long> mailboxIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailboxIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.Zero);
        if (mailboxIds.Count == 0)
        {
            return [];
        }

        var parameters = new { now = StoreRows.ToUnixMs(now), leaseUntil = StoreRows.ToUnixMs(now + lease), limit, mailboxIds = mailboxIds.ToArray() };
        var rows = await WriteAsync(c => c.QueryAsync<EnrollmentRow>(Command("ClaimDueInMailboxes", parameters, cancellationToken)), cancellationToken);
        return [.. rows.OrderBy(r => r.DueAt).ThenBy(r => r.Id).Select(r => r.ToModel())];
    }

    public async Task<int> CountOpenEnrollmentsAsync(CancellationToken cancellationToken)
    {
        var count = await ReadAsync(c => c.ExecuteScalarAsync<long>(Command("CountOpenEnrollments", null, cancellationToken)), cancellationToken);
        return checked((int)count);
    }

    public Task<int> PauseEnrollmentsAsync(long? enrollmentId, long? contactId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ThrowIfUnscoped(enrollmentId, contactId);
        var parameters = new { enrollmentId, contactId, reason, at = StoreRows.ToUnixMs(at) };
        return WriteAsync(c => c.ExecuteAsync(Command("PauseEnrollments", parameters, cancellationToken)), cancellationToken);
    }

    public Task<int> ResumeEnrollmentsAsync(long? enrollmentId, long? contactId, CancellationToken cancellationToken)
    {
        ThrowIfUnscoped(enrollmentId, contactId);
        return WriteAsync(c => c.ExecuteAsync(Command("ResumeEnrollments", new { enrollmentId, contactId }, cancellationToken)), cancellationToken);
    }

    public Task PauseSequenceAsync(string sequenceName, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sequenceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var parameters = new { sequenceName, reason, at = StoreRows.ToUnixMs(at) };
        return WriteAsync(c => c.ExecuteAsync(Command("PauseSequence", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<bool> ResumeSequenceAsync(string sequenceName, CancellationToken cancellationToken)
    {
        var removed = await WriteAsync(c => c.ExecuteAsync(Command("ResumeSequence", new { sequenceName }, cancellationToken)), cancellationToken);
        return removed == 1;
    }

    public async Task<IReadOnlyList<PausedSequence>> ListPausedSequencesAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<PausedSequenceRow>(Command("ListPausedSequences", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<bool> AddSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        var parameters = new
        {
            value = suppression.Value.Trim().ToLowerInvariant(),
            kind = (int)suppression.Kind,
            reason = suppression.Reason,
            createdAt = StoreRows.ToUnixMs(suppression.CreatedAt),
        };
        var inserted = await WriteAsync(c => c.ExecuteAsync(Command("AddSuppression", parameters, cancellationToken)), cancellationToken);
        return inserted == 1;
    }

    public async Task<bool> RemoveSuppressionAsync(string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var key = value.Trim().TrimStart('@').ToLowerInvariant();
        var removed = await WriteAsync(c => c.ExecuteAsync(Command("RemoveSuppression", new { value = key }, cancellationToken)), cancellationToken);
        return removed == 1;
    }

    public async Task<IReadOnlyList<Suppression>> ListSuppressionsAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<SuppressionRow>(Command("ListSuppressions", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<Suppression?> FindSuppressionAsync(string email, CancellationToken cancellationToken)
    {
        var keys = Suppression.KeysFor(email).ToArray();
        var rows = await ReadAsync(c => c.QueryAsync<SuppressionRow>(Command("FindSuppression", new { keys }, cancellationToken)), cancellationToken);
        return rows.FirstOrDefault()?.ToModel();
    }

    public Task SetMailboxTimeZoneAsync(long mailboxId, string? timeZoneId, CancellationToken cancellationToken) =>
        WriteAsync(c => c.ExecuteAsync(Command("SetMailboxTimeZone", new { mailboxId, timeZone = timeZoneId }, cancellationToken)), cancellationToken);

    public Task HeartbeatAsync(string workerId, string host, int processId, DateTimeOffset startedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var parameters = new
        {
            workerId,
            host,
            processId = (long)processId,
            startedAt = StoreRows.ToUnixMs(startedAt),
            now = StoreRows.ToUnixMs(now),
        };
        return WriteAsync(c => c.ExecuteAsync(Command("Heartbeat", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<int> CountLiveWorkersAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var count = await ReadAsync(c => c.ExecuteScalarAsync<long>(
            Command("CountLiveWorkers", new { since = StoreRows.ToUnixMs(since) }, cancellationToken)), cancellationToken);
        return checked((int)count);
    }

    public async Task<IReadOnlyList<long>> AcquireMailboxesAsync(string workerId, DateTimeOffset now, DateTimeOffset leaseUntil, int max,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var parameters = new { workerId, now = StoreRows.ToUnixMs(now), leaseUntil = StoreRows.ToUnixMs(leaseUntil), max };
        var ids = await WriteAsync(c => c.QueryAsync<long>(Command("AcquireMailboxes", parameters, cancellationToken)), cancellationToken);
        return [.. ids.Order()];
    }

    public Task ReleaseMailboxesAsync(string workerId, IReadOnlyCollection<long>? mailboxIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        if (mailboxIds is { Count: 0 })
        {
            return Task.CompletedTask;
        }

        return mailboxIds is null
            ? WriteAsync(c => c.ExecuteAsync(Command("ReleaseMailboxes", new { workerId }, cancellationToken)), cancellationToken)
            : WriteAsync(c => c.ExecuteAsync(Command("ReleaseSomeMailboxes", new { workerId, mailboxIds = mailboxIds.ToArray() }, cancellationToken)),
                cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountSendsByWorkerAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<WorkerSendsRow>(Command("CountSendsByWorker", null, cancellationToken)), cancellationToken);
        return rows.ToDictionary(r => r.WorkerId, r => checked((int)r.Sends), StringComparer.Ordinal);
    }

    public async Task<Enrollment?> GetEnrollmentAsync(long enrollmentId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<EnrollmentRow>(
            Command("GetEnrollment", new { enrollmentId }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<Enrollment>> ListEnrollmentsAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<EnrollmentRow>(Command("ListEnrollments", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlyList<Enrollment>> ClaimDueAsync(
        DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.Zero);
        var parameters = new { now = StoreRows.ToUnixMs(now), leaseUntil = StoreRows.ToUnixMs(now + lease), limit };
        var rows = await WriteAsync(c => c.QueryAsync<EnrollmentRow>(Command("ClaimDue", parameters, cancellationToken)), cancellationToken);

        // RETURNING gives rows in no particular order; the contract is oldest first.
        return [.. rows.OrderBy(r => r.DueAt).ThenBy(r => r.Id).Select(r => r.ToModel())];
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken)
    {
        var ms = await ReadAsync(c => c.ExecuteScalarAsync<long?>(Command("NextDueAt", null, cancellationToken)), cancellationToken);
        return StoreRows.FromUnixMs(ms);
    }

    public async Task<Enrollment?> FindEnrollmentByThreadAsync(long mailboxId, string threadId, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<EnrollmentRow>(
            Command("FindEnrollmentByThread", new { mailboxId, threadId }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public async Task<bool> TryReserveSendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parameters = new
        {
            enrollmentId = entry.EnrollmentId,
            step = entry.Step,
            mailboxId = entry.MailboxId,
            state = (int)entry.State,
            localMessageId = entry.LocalMessageId,
            subject = entry.Subject,
            reservedAt = StoreRows.ToUnixMs(entry.ReservedAt),
            gmailMessageId = entry.GmailMessageId,
            gmailThreadId = entry.GmailThreadId,
            rfcMessageId = entry.RfcMessageId,
            sentAt = StoreRows.ToUnixMs(entry.SentAt),
            workerId = entry.WorkerId,
            historyCheckpoint = StoreRows.ToColumn(entry.HistoryCheckpoint),
        };
        // Durable: the send follows, and a reservation lost after it went out would let the step go out twice.
        var inserted = await WriteAsync(c => c.ExecuteAsync(Command("ReserveSend", parameters, cancellationToken)), cancellationToken, durable: true);
        return inserted == 1;
    }

    public Task RecordSentAsync(SentMessage sent, DateTimeOffset? nextDueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return RecordSentAsync(sent, sent.Step + 1, nextDueAt, cancellationToken);
    }

    public async Task<bool> SkipStepsAsync(long enrollmentId, int fromStep, int nextStep, DateTimeOffset? dueAt, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var parameters = new { enrollmentId, fromStep = (long)fromStep, nextStep = (long)nextStep, dueAt = StoreRows.ToUnixMs(dueAt), at = StoreRows.ToUnixMs(at) };
        var moved = await WriteAsync(c => c.ExecuteAsync(Command("SkipSteps", parameters, cancellationToken)), cancellationToken);
        return moved == 1;
    }

    public Task RecordSentAsync(SentMessage sent, int nextStep, DateTimeOffset? nextDueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var parameters = new
        {
            enrollmentId = sent.EnrollmentId,
            step = sent.Step,
            gmailMessageId = sent.GmailMessageId,
            gmailThreadId = sent.GmailThreadId,
            rfcMessageId = sent.RfcMessageId,
            sentAt = StoreRows.ToUnixMs(sent.SentAt),
            nextDueAt = StoreRows.ToUnixMs(nextDueAt),
            nextStep = (long)nextStep,
        };
        return WriteAsync(
            async c =>
            {
                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                var marked = await c.ExecuteAsync(Command("MarkOutboxSent", parameters, cancellationToken, transaction));

                // A send without a reservation is a bug in the caller that would defeat exactly-once: refuse it.
                if (marked != 1)
                {
                    throw new InvalidOperationException(
                        $"No outbox row for enrollment {sent.EnrollmentId} step {sent.Step}: reserve the send before sending.");
                }

                await c.ExecuteAsync(Command("AdvanceEnrollment", parameters, cancellationToken, transaction));
                await transaction.CommitAsync(cancellationToken);
            },
            cancellationToken);
    }

    public Task RecordSendFailedAsync(
        long enrollmentId, int step, OutboxState state, EnrollmentStatus status, string reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ThrowIfNotEnded(status);
        var parameters = new { enrollmentId, step, state = (int)state, status = (int)status, reason, at = StoreRows.ToUnixMs(at) };

        // No outbox row to update is fine: a step can fail before it was reserved (a template error).
        return WriteInTransactionAsync(parameters, cancellationToken, "SetOutboxState", "EndEnrollment");
    }

    public Task ReleaseUnsentStepAsync(long enrollmentId, int step, CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command("DeleteUnsentReservation", new { enrollmentId, step }, cancellationToken)), cancellationToken);

    public async Task<OutboxEntry?> GetOutboxEntryAsync(long enrollmentId, int step, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<OutboxRow>(
            Command("GetOutboxEntry", new { enrollmentId, step }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public Task MarkSendAmbiguousAsync(long enrollmentId, int step, DateTimeOffset reconcileAt, CancellationToken cancellationToken)
    {
        var parameters = new { enrollmentId, step, dueAt = StoreRows.ToUnixMs(reconcileAt) };
        return WriteInTransactionAsync(parameters, cancellationToken, "MarkSendAmbiguous", "DeferForReconciliation");
    }

    public Task RetryStepLaterAsync(long enrollmentId, int step, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var parameters = new { enrollmentId, step, dueAt = StoreRows.ToUnixMs(dueAt) };
        return WriteInTransactionAsync(parameters, cancellationToken, "DeleteReservationKnownUnsent", "DeferForRetry");
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(long enrollmentId, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<OutboxRow>(
            Command("ListSentOutbox", new { enrollmentId }, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<IReadOnlySet<string>> ListOwnMessageIdsAsync(long mailboxId, IReadOnlyCollection<string> gmailMessageIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gmailMessageIds);
        if (gmailMessageIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var parameters = new { mailboxId, gmailMessageIds = gmailMessageIds.ToArray() };
        var ids = await ReadAsync(c => c.QueryAsync<string>(Command("ListOwnMessageIds", parameters, cancellationToken)), cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<bool> IsOwnMessageAsync(long mailboxId, string gmailMessageId, CancellationToken cancellationToken)
    {
        var count = await ReadAsync(c => c.ExecuteScalarAsync<long>(
            Command("CountOwnMessages", new { mailboxId, gmailMessageId }, cancellationToken)), cancellationToken);
        return count > 0;
    }

    public async Task<bool> StopEnrollmentAsync(
        long enrollmentId, EnrollmentStatus status, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ThrowIfNotEnded(status);
        var parameters = new { enrollmentId, status = (int)status, reason, at = StoreRows.ToUnixMs(at) };
        var changed = await WriteAsync(c => c.ExecuteAsync(Command("EndEnrollment", parameters, cancellationToken)), cancellationToken);
        return changed == 1;
    }

    public Task AddEventAsync(EnrollmentEvent enrollmentEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrollmentEvent);
        var parameters = new
        {
            enrollmentId = enrollmentEvent.EnrollmentId,
            at = StoreRows.ToUnixMs(enrollmentEvent.At),
            kind = enrollmentEvent.Kind,
            detail = enrollmentEvent.Detail,
        };
        return WriteAsync(c => c.ExecuteAsync(Command("AddEvent", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<EnrollmentEvent>> ListEventsAsync(long enrollmentId, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<EventRow>(Command("ListEvents", new { enrollmentId }, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public Task SetMailboxQuotaAsync(long mailboxId, GmailQuotaRegime regime, int? dailyLimit, CancellationToken cancellationToken)
    {
        if (dailyLimit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dailyLimit), dailyLimit, "A daily limit cannot be negative.");
        }

        var parameters = new { mailboxId, quotaRegime = (int)regime, dailyLimit };
        return WriteAsync(c => c.ExecuteAsync(Command("SetMailboxQuota", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<MailboxQuotaState> GetQuotaStateAsync(long mailboxId, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        var (bucket, sends) = await ReadAsync(
            async c =>
            {
                var bucket = await c.QuerySingleOrDefaultAsync<QuotaBucketRow>(
                    Command("GetQuotaBucket", new { mailboxId }, cancellationToken));
                var sends = await c.QueryAsync<long>(
                    Command("ListSendTimes", new { mailboxId, windowStart = StoreRows.ToUnixMs(windowStart) }, cancellationToken));
                return (bucket, sends);
            },
            cancellationToken);
        if (bucket is null)
        {
            throw new InvalidOperationException($"No mailbox {mailboxId}.");
        }

        return new MailboxQuotaState(
            bucket.QuotaTokens,
            StoreRows.FromUnixMs(bucket.QuotaUpdatedAt),
            StoreRows.FromUnixMs(bucket.NextSendAt),
            [.. sends.Order().Select(ms => StoreRows.FromUnixMs(ms))]);
    }

    public async Task<bool> TryTakeUnitsAsync(long mailboxId, double units, UnitBucket bucket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var parameters = new
        {
            mailboxId,
            units,
            capacity = bucket.Capacity,
            refillPerMs = bucket.RefillPerMillisecond,
            now = StoreRows.ToUnixMs(now),
        };
        var taken = await WriteAsync(c => c.ExecuteAsync(Command("TakeUnits", parameters, cancellationToken)), cancellationToken);
        return taken == 1;
    }

    public Task HoldSendsUntilAsync(long mailboxId, DateTimeOffset until, CancellationToken cancellationToken) =>
        WriteAsync(c => c.ExecuteAsync(Command("HoldSends", new { mailboxId, until = StoreRows.ToUnixMs(until) }, cancellationToken)),
            cancellationToken);

    public async Task<bool> TryTakeSendSlotAsync(long mailboxId, DateTimeOffset now, DateTimeOffset nextSendAt, DateTimeOffset windowStart, int share,
        CancellationToken cancellationToken)
    {
        var parameters = new
        {
            mailboxId,
            now = StoreRows.ToUnixMs(now),
            nextSendAt = StoreRows.ToUnixMs(nextSendAt),
            windowStart = StoreRows.ToUnixMs(windowStart),
            share = (long)share,
        };
        var taken = await WriteAsync(c => c.ExecuteAsync(Command("TakeSendSlot", parameters, cancellationToken)), cancellationToken);
        return taken == 1;
    }

    public async Task<bool> RecordManualSendAsync(long mailboxId, string gmailMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(gmailMessageId);
        var parameters = new { mailboxId, gmailMessageId, sentAt = StoreRows.ToUnixMs(sentAt) };
        var inserted = await WriteAsync(c => c.ExecuteAsync(Command("RecordManualSend", parameters, cancellationToken)), cancellationToken);
        return inserted == 1;
    }

    public async Task<bool> DeferEnrollmentAsync(long enrollmentId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var parameters = new { enrollmentId, dueAt = StoreRows.ToUnixMs(dueAt) };
        var changed = await WriteAsync(c => c.ExecuteAsync(Command("DeferEnrollment", parameters, cancellationToken)), cancellationToken);
        return changed == 1;
    }

    // Pausing "everything" by forgetting both ids would be a surprise; pausing a sequence has its own method.
    private static void ThrowIfUnscoped(long? enrollmentId, long? contactId)
    {
        if (enrollmentId is null && contactId is null)
        {
            throw new ArgumentException("Name an enrollment or a contact to pause or resume.");
        }
    }

    // An "ended" status of Active would leave an enrollment active with nothing due, never claimed again.
    private static void ThrowIfNotEnded(EnrollmentStatus status)
    {
        if (status == EnrollmentStatus.Active)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An enrollment cannot be ended with the status Active.");
        }
    }

    private CommandDefinition Command(string name, object? parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(_sql[name], parameters, transaction, cancellationToken: cancellationToken);

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken, bool durable = false)
    {
        await using var connection = durable ? await OpenDurableAsync(cancellationToken) : await OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>Runs the named statements, with the same parameters, in one transaction under the write gate.</summary>
    private Task WriteInTransactionAsync(object parameters, CancellationToken cancellationToken, params string[] queries) =>
        WriteAsync(
            async c =>
            {
                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                foreach (var query in queries)
                {
                    await c.ExecuteAsync(Command(query, parameters, cancellationToken, transaction));
                }

                await transaction.CommitAsync(cancellationToken);
            },
            cancellationToken);

    private async Task WriteAsync(Func<DbConnection, Task> work, CancellationToken cancellationToken) =>
        await WriteAsync(
            async c =>
            {
                await work(c);
                return 0;
            },
            cancellationToken);

    /// <param name="work">The write.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <param name="durable">Whether its commit must be on disk before it returns (<see cref="OpenDurableAsync"/>).</param>
    private async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken, bool durable = false)
    {
        if (_writeGate is null)
        {
            return await ReadAsync(work, cancellationToken, durable);
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await ReadAsync(work, cancellationToken, durable);
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
