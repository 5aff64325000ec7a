using Nudge.Core.Accounts;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;
using Nudge.Core.Replies;
using Nudge.Core.Webhooks;

namespace Nudge.Core.Abstractions;

/// <summary>
/// Everything the engine keeps: mailboxes, contacts, enrollments, the outbox of sends and the timeline of events.
/// One implementation per database (SQLite for one machine, PostgreSQL for several workers).
/// </summary>
/// <remarks>
/// Instants are UTC <see cref="DateTimeOffset"/> values taken from the engine's <see cref="TimeProvider"/>, never
/// from the database clock, so that a simulated clock drives the whole engine.
/// </remarks>
public interface IEngineStore
{
    /// <summary>Creates or upgrades the schema by applying the numbered migrations not yet applied.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Adds a mailbox, or updates the connection of the mailbox with the same email; returns its id.</summary>
    Task<long> UpsertMailboxAsync(Mailbox mailbox, CancellationToken cancellationToken);

    Task<Mailbox?> GetMailboxAsync(long mailboxId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops the worker from sending from or reading the mailbox, with the reason to show the user. Its enrollments are
    /// left as they are: they are neither claimed nor changed until the mailbox is resumed.
    /// </summary>
    Task PauseMailboxAsync(long mailboxId, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Lets the worker use the mailbox again; its enrollments carry on where they were.</summary>
    Task ResumeMailboxAsync(long mailboxId, CancellationToken cancellationToken);

    /// <summary>Replaces the mailbox's encrypted credential, as after a token refresh.</summary>
    Task UpdateMailboxCredentialAsync(long mailboxId, string ciphertext, CancellationToken cancellationToken);

    /// <summary>How many messages the mailbox sent (outbox rows in the Sent state) at or after <paramref name="since"/>.</summary>
    Task<int> CountSentSinceAsync(long mailboxId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Remembers the Gmail history id up to which the mailbox has been read, and when it was.</summary>
    Task SetHistoryCheckpointAsync(long mailboxId, ulong historyId, DateTimeOffset syncedAt, CancellationToken cancellationToken);

    /// <summary>Remembers until when Gmail publishes the mailbox's changes to the push topic (<see langword="null"/>: no watch).</summary>
    Task SetWatchExpiryAsync(long mailboxId, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// The installation secret named <paramref name="name"/>, created with <paramref name="length"/> random bytes the
    /// first time it is asked for; every worker on the database gets the same one.
    /// </summary>
    Task<byte[]> GetOrCreateSecretAsync(string name, int length, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a rule matched an inbound message (pending, or skipped with the reason). Returns its id, or
    /// <see langword="null"/> when the message already has a row: one inbound message gets at most one templated reply.
    /// </summary>
    Task<long?> AddRuleReplyAsync(RuleReply reply, CancellationToken cancellationToken);

    /// <summary>Whether the rule already answered (or is answering) the thread.</summary>
    Task<bool> HasRuleReplyInThreadAsync(long mailboxId, string ruleName, string threadId, CancellationToken cancellationToken);

    /// <summary>When the rule last matched a message of <paramref name="sender"/> it answered (or is answering), if ever.</summary>
    Task<DateTimeOffset?> LastRuleReplyToSenderAsync(long mailboxId, string ruleName, string sender, CancellationToken cancellationToken);

    /// <summary>The mailbox's pending rule replies due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<RuleReply>> ListWaitingRuleRepliesAsync(long mailboxId, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Takes a pending rule reply for sending; <see langword="false"/> when it is no longer pending.</summary>
    Task<bool> StartRuleReplyAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a rule reply's outcome (sent, failed, ambiguous, skipped).</summary>
    Task FinishRuleReplyAsync(long id, RuleReplyState state, string? detail, string? replyMessageId, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>Replaces what a rule reply's row says (what followed a sent reply), whatever its state.</summary>
    Task AnnotateRuleReplyAsync(long id, string detail, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Moves a pending rule reply to <paramref name="dueAt"/> (the mailbox's quota or pacing).</summary>
    Task DeferRuleReplyAsync(long id, DateTimeOffset dueAt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Puts a taken rule reply back to pending until <paramref name="dueAt"/>: nothing was sent (no quota, no token).</summary>
    Task ReturnRuleReplyAsync(long id, DateTimeOffset dueAt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks the mailbox's rule replies taken before <paramref name="startedBefore"/> and never finished as ambiguous.</summary>
    Task<int> MarkStaleRuleRepliesAmbiguousAsync(long mailboxId, DateTimeOffset startedBefore, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The latest rule replies of every mailbox, newest first.</summary>
    Task<IReadOnlyList<RuleReply>> ListRuleRepliesAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Inserts the contact, or replaces the fields of the contact with the same email (case-insensitive).</summary>
    Task<long> UpsertContactAsync(Contact contact, CancellationToken cancellationToken);

    Task<Contact?> GetContactAsync(long contactId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contact>> ListContactsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Enrolls a contact in a sequence, first step due at <paramref name="firstDueAt"/>. A contact is enrolled in a
    /// given sequence at most once: enrolling again returns the existing enrollment's id and changes nothing.
    /// </summary>
    Task<long> EnrollAsync(long contactId, string sequenceName, long mailboxId, DateTimeOffset firstDueAt, CancellationToken cancellationToken);

    Task<Enrollment?> GetEnrollmentAsync(long enrollmentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Enrollment>> ListEnrollmentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> active enrollments whose next step is due at <paramref name="now"/>, oldest
    /// first, leasing each until <c>now + lease</c> so that no other worker claims it meanwhile. An enrollment whose
    /// lease ran out (its worker died) can be claimed again.
    /// </summary>
    Task<IReadOnlyList<Enrollment>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>The earliest due time of any active enrollment, or <see langword="null"/> when none is active.</summary>
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken);

    /// <summary>The enrollment whose messages live in the given Gmail thread of the mailbox, if any.</summary>
    Task<Enrollment?> FindEnrollmentByThreadAsync(long mailboxId, string threadId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the outbox row for (enrollment, step) before anything is sent to Gmail. Returns <see langword="false"/>
    /// when the row already exists: that step was sent, or is being sent, or its outcome is unknown, and must not be
    /// sent again.
    /// </summary>
    Task<bool> TryReserveSendAsync(OutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: marks the outbox row sent with what Gmail returned, and moves the enrollment to its next
    /// step (or completes it when <paramref name="nextDueAt"/> is <see langword="null"/>), releasing its lease.
    /// </summary>
    Task RecordSentAsync(SentMessage sent, DateTimeOffset? nextDueAt, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="RecordSentAsync(SentMessage, DateTimeOffset?, CancellationToken)"/>, moving the enrollment to
    /// <paramref name="nextStep"/> (later than the step after the one sent when the schedule skips steps).
    /// </summary>
    Task RecordSentAsync(SentMessage sent, int nextStep, DateTimeOffset? nextDueAt, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an active enrollment still at <paramref name="fromStep"/> on to <paramref name="nextStep"/> without sending
    /// (steps skipped), due at <paramref name="dueAt"/>, or completes it when <paramref name="dueAt"/> is
    /// <see langword="null"/>. Returns whether it moved.
    /// </summary>
    Task<bool> SkipStepsAsync(long enrollmentId, int fromStep, int nextStep, DateTimeOffset? dueAt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the reserved send of (enrollment, step) did not happen or may have happened
    /// (<see cref="OutboxState"/>), and stops the enrollment with <paramref name="status"/> and the reason.
    /// </summary>
    Task RecordSendFailedAsync(long enrollmentId, int step, OutboxState state, EnrollmentStatus status, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Undoes the reservation of a step that certainly did not go out (no token could be had for the mailbox): deletes
    /// the step's outbox row if it is still in <see cref="OutboxState.Sending"/>. The enrollment stays active with the
    /// same step due; its lease runs out by itself, after which the step is claimed again.
    /// </summary>
    Task ReleaseUnsentStepAsync(long enrollmentId, int step, CancellationToken cancellationToken);

    /// <summary>The reservation of one step in whatever state, or <see langword="null"/> when the step was never reserved.</summary>
    Task<OutboxEntry?> GetOutboxEntryAsync(long enrollmentId, int step, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the reserved send of (enrollment, step) may or may not have gone out (a timeout, a dropped
    /// connection, a 5xx), and brings the still-active enrollment back at <paramref name="reconcileAt"/>, when Gmail's
    /// SENT folder can say which.
    /// </summary>
    Task MarkSendAmbiguousAsync(long enrollmentId, int step, DateTimeOffset reconcileAt, CancellationToken cancellationToken);

    /// <summary>
    /// For a step known not to have gone out (Gmail refused it, or reconciliation found nothing in SENT): removes its
    /// reservation, counts one more attempt and brings the still-active enrollment back at <paramref name="dueAt"/>, in
    /// one transaction.
    /// </summary>
    Task RetryStepLaterAsync(long enrollmentId, int step, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>The sent messages of an enrollment (outbox rows in state Sent only), in step order: the thread to reply into.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(long enrollmentId, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="gmailMessageIds"/> Nudge recorded as its own sends from the mailbox.</summary>
    Task<IReadOnlySet<string>> ListOwnMessageIdsAsync(long mailboxId, IReadOnlyCollection<string> gmailMessageIds, CancellationToken cancellationToken);

    /// <summary>Whether Nudge itself sent the Gmail message with this id from the mailbox.</summary>
    Task<bool> IsOwnMessageAsync(long mailboxId, string gmailMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Ends an enrollment that is still active (replied, stopped by a teammate, failed...). Does nothing to an
    /// enrollment that already ended; returns whether it changed.
    /// </summary>
    Task<bool> StopEnrollmentAsync(long enrollmentId, EnrollmentStatus status, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Appends an event to the enrollment's timeline.</summary>
    Task AddEventAsync(EnrollmentEvent enrollmentEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<EnrollmentEvent>> ListEventsAsync(long enrollmentId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the mailbox's quota settings: its API regime and a daily limit replacing its kind's (<see langword="null"/>
    /// for the kind's). Reconnecting the mailbox (<see cref="UpsertMailboxAsync"/>) keeps them.
    /// </summary>
    Task SetMailboxQuotaAsync(long mailboxId, GmailQuotaRegime regime, int? dailyLimit, CancellationToken cancellationToken);

    /// <summary>
    /// The mailbox's quota state: its unit bucket, its next send time, and the sends at or after
    /// <paramref name="windowStart"/>, oldest first: outbox rows in Sending, Sent or Ambiguous by their reservation time,
    /// and the manual sends recorded with <see cref="RecordManualSendAsync"/> (less those the outbox turned out to own).
    /// </summary>
    Task<MailboxQuotaState> GetQuotaStateAsync(long mailboxId, DateTimeOffset windowStart, CancellationToken cancellationToken);

    /// <summary>
    /// In one statement: refills the mailbox's unit bucket to <paramref name="now"/> and takes <paramref name="units"/>
    /// from it if it holds them. Returns whether it did; a refusal changes nothing.
    /// </summary>
    Task<bool> TryTakeUnitsAsync(long mailboxId, double units, UnitBucket bucket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// In one statement: sets the mailbox's next send time to <paramref name="nextSendAt"/> if the current one has passed
    /// at <paramref name="now"/> and the sends at or after <paramref name="windowStart"/> are fewer than
    /// <paramref name="share"/>. Returns whether the slot was taken; concurrent callers serialise on the mailbox row.
    /// </summary>
    Task<bool> TryTakeSendSlotAsync(long mailboxId, DateTimeOffset now, DateTimeOffset nextSendAt, DateTimeOffset windowStart, int share,
        CancellationToken cancellationToken);

    /// <summary>
    /// Holds every send of the mailbox until <paramref name="until"/> (Gmail's daily sending limit was hit); sending
    /// resumes by itself then. Never brings an existing hold forward.
    /// </summary>
    Task HoldSendsUntilAsync(long mailboxId, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Records a message the user sent from the mailbox without Nudge, which counts toward the daily limit. Recording
    /// the same message again changes nothing; returns whether it was new.
    /// </summary>
    Task<bool> RecordManualSendAsync(long mailboxId, string gmailMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken);

    /// <summary>
    /// Puts an active enrollment's due step back to <paramref name="dueAt"/> and releases its lease, as when the
    /// mailbox's quota has no room now. Returns whether the enrollment was active.
    /// </summary>
    Task<bool> DeferEnrollmentAsync(long enrollmentId, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// Enrolls a contact as <paramref name="enrollment"/> says. A contact is enrolled in a given sequence at most once:
    /// enrolling again returns the existing enrollment's id and changes nothing.
    /// </summary>
    Task<long> EnrollAsync(NewEnrollment enrollment, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: upserts every contact (by email) and enrolls those given an enrollment (its
    /// <see cref="NewEnrollment.ContactId"/> is ignored). Either all of it is stored or none.
    /// </summary>
    /// <returns>Per row, in order: the contact's id and the enrollment's id (existing or new), when one was asked for.</returns>
    Task<IReadOnlyList<(long ContactId, long? EnrollmentId)>> ImportAsync(
        IReadOnlyList<(Contact Contact, NewEnrollment? Enrollment)> rows, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: upserts every contact <paramref name="contacts"/> yields (by email), keeping the stored
    /// fields a contact's new row lacks (a new value replaces an old one). The sequence is enumerated once, lazily, and
    /// written in batches inside that one transaction, so that a file of any size streams through in bounded memory.
    /// Either all of it is stored or none.
    /// </summary>
    /// <returns>How many contacts were inserted or updated.</returns>
    Task<int> ImportContactsAsync(IEnumerable<Contact> contacts, CancellationToken cancellationToken);

    /// <summary>The contact one of whose addresses (its email, or one in its <c>other_emails</c> field) this is.</summary>
    Task<Contact?> FindContactByAddressAsync(string email, CancellationToken cancellationToken);

    /// <summary>The enrollments of one contact, in every sequence.</summary>
    Task<IReadOnlyList<Enrollment>> ListEnrollmentsForContactAsync(long contactId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims like <see cref="ClaimDueAsync(DateTimeOffset, int, TimeSpan, CancellationToken)"/>, only among the
    /// enrollments of the given mailboxes (those the worker holds).
    /// </summary>
    Task<IReadOnlyList<Enrollment>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, IReadOnlyCollection<long> mailboxIds,
        CancellationToken cancellationToken);

    /// <summary>How many enrollments may still send: active, not paused, in an active mailbox and a sequence not paused.</summary>
    Task<int> CountOpenEnrollmentsAsync(CancellationToken cancellationToken);

    /// <summary>Pauses the active enrollments chosen (one enrollment, or every one of a contact); returns how many.</summary>
    Task<int> PauseEnrollmentsAsync(long? enrollmentId, long? contactId, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Resumes the paused enrollments chosen; their due step is sent when due (at once when it fell due meanwhile).</summary>
    Task<int> ResumeEnrollmentsAsync(long? enrollmentId, long? contactId, CancellationToken cancellationToken);

    /// <summary>Pauses a whole sequence: none of its enrollments is claimed until it is resumed, new ones included.</summary>
    Task PauseSequenceAsync(string sequenceName, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Resumes a paused sequence; returns whether it was paused.</summary>
    Task<bool> ResumeSequenceAsync(string sequenceName, CancellationToken cancellationToken);

    /// <summary>The paused sequences with why and since when.</summary>
    Task<IReadOnlyList<PausedSequence>> ListPausedSequencesAsync(CancellationToken cancellationToken);

    /// <summary>Adds an entry to the suppression list; returns whether it was new (an existing entry is kept as it is).</summary>
    Task<bool> AddSuppressionAsync(Suppression suppression, CancellationToken cancellationToken);

    /// <summary>Removes an address or domain from the suppression list; returns whether it was there.</summary>
    Task<bool> RemoveSuppressionAsync(string value, CancellationToken cancellationToken);

    Task<IReadOnlyList<Suppression>> ListSuppressionsAsync(CancellationToken cancellationToken);

    /// <summary>The suppression-list entry that blocks <paramref name="email"/> (the address, or its domain), if any.</summary>
    Task<Suppression?> FindSuppressionAsync(string email, CancellationToken cancellationToken);

    /// <summary>Sets the zone the mailbox writes in for contacts and sequences that name none (an IANA id, or <see langword="null"/> for UTC).</summary>
    Task SetMailboxTimeZoneAsync(long mailboxId, string? timeZoneId, CancellationToken cancellationToken);

    /// <summary>Records that the worker is alive (inserting it the first time).</summary>
    Task HeartbeatAsync(string workerId, string host, int processId, DateTimeOffset startedAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>How many workers gave a heartbeat at or after <paramref name="since"/>.</summary>
    Task<int> CountLiveWorkersAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Leases active mailboxes to the worker until <paramref name="leaseUntil"/>: those it already holds first, then those
    /// nobody holds (or whose lease ran out), up to <paramref name="max"/> in all. One mailbox has one worker at a time,
    /// so that its pacing holds. Returns the ids it now holds.
    /// </summary>
    Task<IReadOnlyList<long>> AcquireMailboxesAsync(string workerId, DateTimeOffset now, DateTimeOffset leaseUntil, int max,
        CancellationToken cancellationToken);

    /// <summary>Gives up the worker's leases on the given mailboxes (all of them when <paramref name="mailboxIds"/> is null).</summary>
    Task ReleaseMailboxesAsync(string workerId, IReadOnlyCollection<long>? mailboxIds, CancellationToken cancellationToken);

    /// <summary>How many sends (outbox rows in any state but Failed) each worker reserved, by worker id.</summary>
    Task<IReadOnlyDictionary<string, int>> CountSendsByWorkerAsync(CancellationToken cancellationToken);

    /// <summary>How many dashboard accounts exist (none: the first-run setup is open).</summary>
    Task<int> CountUsersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the first dashboard account, only while there is none; returns its id, or <see langword="null"/> when an
    /// account exists already (another setup won).
    /// </summary>
    Task<long?> AddFirstUserAsync(UserAccount user, CancellationToken cancellationToken);

    /// <summary>The account with this (case-insensitive) username.</summary>
    Task<UserAccount?> FindUserAsync(string username, CancellationToken cancellationToken);

    /// <summary>Replaces an account's password hash (a rehash after the hasher's parameters moved on).</summary>
    Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Stores a new API key (its hash); returns its id.</summary>
    Task<long> AddApiKeyAsync(ApiKey key, CancellationToken cancellationToken);

    /// <summary>Every API key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>The key whose SHA-256 is <paramref name="keyHash"/>, revoked or not.</summary>
    Task<ApiKey?> FindApiKeyByHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Records that a request carried the key.</summary>
    Task TouchApiKeyAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Revokes a key; <see langword="false"/> when it does not exist or was revoked already.</summary>
    Task<bool> RevokeApiKeyAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the enrollments that pass <paramref name="filter"/>, in <paramref name="order"/>, with their contact's
    /// and mailbox's addresses, and how many pass it in all.
    /// </summary>
    Task<ResultPage<EnrollmentListing>> ListEnrollmentsPageAsync(EnrollmentFilter filter, EnrollmentOrder order, int offset, int limit,
        CancellationToken cancellationToken);

    /// <summary>How many enrollments pass <paramref name="filter"/>.</summary>
    Task<int> CountEnrollmentsAsync(EnrollmentFilter filter, CancellationToken cancellationToken);

    /// <summary>The names of the sequences that have enrollments, each once, ordinal order.</summary>
    Task<IReadOnlyList<string>> ListEnrolledSequenceNamesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Pauses every active, unpaused enrollment that passes <paramref name="filter"/> (as
    /// <see cref="PauseEnrollmentsAsync"/> pauses one) and appends to each a <c>paused</c> event with
    /// <paramref name="eventDetail"/>; returns how many it paused.
    /// </summary>
    /// <remarks>
    /// It works in batches, each its own transaction, so that a pause of a million enrollments does not hold the
    /// database's writer away from the worker for its whole length: an enrollment is paused together with its event,
    /// but a failure halfway leaves the batches before it paused. Enrollments enrolled meanwhile that pass the filter
    /// may be paused too.
    /// </remarks>
    Task<int> PauseMatchingEnrollmentsAsync(EnrollmentFilter filter, string reason, string eventDetail, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>How many enrollments each sequence has in each state, for the stats and the funnel.</summary>
    Task<IReadOnlyList<SequenceStateCount>> CountEnrollmentsByStateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One page of the contacts whose address or a field value contains <paramref name="search"/> (ASCII case-insensitive;
    /// every contact when it is <see langword="null"/> or blank), oldest first, and how many match in all.
    /// </summary>
    Task<ResultPage<Contact>> SearchContactsAsync(string? search, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Registers a webhook; it hears only of events appended after now (its cursor starts at the last event). Returns its id.
    /// </summary>
    Task<long> AddWebhookAsync(Webhook webhook, CancellationToken cancellationToken);

    /// <summary>The webhooks not deleted, oldest first.</summary>
    Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>A webhook, deleted or not.</summary>
    Task<Webhook?> GetWebhookAsync(long id, CancellationToken cancellationToken);

    /// <summary>Deletes a webhook: it receives nothing more, and its pending deliveries are not sent. Returns whether it was active.</summary>
    Task<bool> DisableWebhookAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The timeline events appended after event <paramref name="afterEventId"/>, in order, with their enrollment's contact and sequence.</summary>
    Task<IReadOnlyList<EnrollmentEventRecord>> ListEventsAfterAsync(long afterEventId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: makes the deliveries (pending, due at <paramref name="at"/>; one per webhook and event, so that
    /// making one again changes nothing) and moves the webhook's cursor on to <paramref name="cursorEventId"/> (never
    /// back). Returns how many deliveries were new.
    /// </summary>
    Task<int> EnqueueWebhookDeliveriesAsync(long webhookId, IReadOnlyList<NewWebhookDelivery> deliveries, long cursorEventId, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending deliveries due at <paramref name="now"/> of webhooks not deleted,
    /// oldest first, by moving their next attempt to <c>now + lease</c>: another dispatcher (another worker on the same
    /// PostgreSQL) skips them meanwhile, and a dispatcher that dies leaves them to be claimed again.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimDueWebhookDeliveriesAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records an attempt of a pending delivery: one more attempt, its status or error, and the state it leaves the delivery in.</summary>
    Task RecordWebhookAttemptAsync(long deliveryId, WebhookAttempt attempt, CancellationToken cancellationToken);

    /// <summary>The delivery log of a webhook, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListWebhookDeliveriesAsync(long webhookId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// How many messages each sequence's steps sent (Gmail accepted them; failed and unresolved sends are left out), by
    /// sequence then step, for the dashboard's funnels. A step is sent at most once per enrollment, so each count is also
    /// how many leads received that step.
    /// </summary>
    Task<IReadOnlyList<(string SequenceName, int Step, int Sends)>> CountSendsByStepAsync(CancellationToken cancellationToken);
}
