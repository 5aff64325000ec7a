-- Named queries for SQLite, loaded by SqlQueries. Instants are Unix milliseconds UTC; enums are integers.
-- SQLite has one writer: SqliteEngineStore runs every write of a store through one semaphore, so these
-- statements need no row locks (Quartz's SQLiteSemaphore).

-- name: ConnectionPragmas
-- Run on every opened connection. busy_timeout first, so that switching to WAL waits for other processes.
-- WAL lets readers (the dashboard) read while the worker writes; it is a no-op on an in-memory database.
PRAGMA busy_timeout = 5000;
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;

-- name: ClaimDue
-- One statement under the store's write semaphore: nothing else writes between the choice and the lease.
-- Served by the partial index ix_enrollments_due. RETURNING has no order: the caller sorts.
UPDATE enrollments SET lease_until = @leaseUntil
WHERE id IN (
  SELECT id FROM enrollments
  WHERE status = 0 AND due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
    -- A paused mailbox's enrollments wait untouched until it is resumed.
    AND mailbox_id IN (SELECT id FROM mailboxes WHERE status = 0)
  ORDER BY due_at, id
  LIMIT @limit)
RETURNING id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts;

-- name: CreateMigrationsTable
-- Created inside the first migration's transaction, so that a database is either untouched or versioned.
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  applied_at bigint NOT NULL
);

-- name: IsMigrationApplied
SELECT COUNT(*) FROM schema_migrations WHERE version = @version;

-- name: RecordMigration
INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt);

-- name: UpsertMailbox
-- Reconnecting a mailbox changes how it is reached, never how far its history has been read. A new sign-in is the
-- fix for a paused mailbox, so the status is the one given (active, normally).
-- The quota settings (regime, daily limit) are the user's: a reconnection keeps them.
INSERT INTO mailboxes (email, display_name, api_base_url, access_token, history_checkpoint, kind, status, paused_reason,
  paused_at, credential_ciphertext, token_url, quota_regime, daily_limit)
VALUES (@email, @displayName, @apiBaseUrl, @accessToken, @historyCheckpoint, @kind, @status, @pausedReason,
  @pausedAt, @credentialCiphertext, @tokenUrl, @quotaRegime, @dailyLimit)
ON CONFLICT (email) DO UPDATE SET
  display_name = excluded.display_name,
  api_base_url = excluded.api_base_url,
  access_token = excluded.access_token,
  kind = excluded.kind,
  status = excluded.status,
  paused_reason = excluded.paused_reason,
  paused_at = excluded.paused_at,
  credential_ciphertext = excluded.credential_ciphertext,
  token_url = excluded.token_url
RETURNING id;

-- name: GetMailbox
SELECT id, email, display_name, api_base_url, access_token, history_checkpoint, kind, status, paused_reason, paused_at,
  credential_ciphertext, token_url, quota_regime, daily_limit
FROM mailboxes
WHERE id = @mailboxId;

-- name: ListMailboxes
SELECT id, email, display_name, api_base_url, access_token, history_checkpoint, kind, status, paused_reason, paused_at,
  credential_ciphertext, token_url, quota_regime, daily_limit
FROM mailboxes
ORDER BY id;

-- name: PauseMailbox
UPDATE mailboxes SET status = 1, paused_reason = @reason, paused_at = @at WHERE id = @mailboxId;

-- name: ResumeMailbox
UPDATE mailboxes SET status = 0, paused_reason = NULL, paused_at = NULL WHERE id = @mailboxId;

-- name: UpdateMailboxCredential
UPDATE mailboxes SET credential_ciphertext = @ciphertext WHERE id = @mailboxId;

-- name: CountSentSince
-- Served by ix_outbox_mailbox_sent.
SELECT COUNT(*) FROM outbox WHERE mailbox_id = @mailboxId AND state = 1 AND sent_at >= @since;

-- name: DeleteUnsentReservation
-- Only a row still in Sending: a send that went out, failed or may have gone out keeps its row.
DELETE FROM outbox WHERE enrollment_id = @enrollmentId AND step = @step AND state = 0;

-- name: SetHistoryCheckpoint
UPDATE mailboxes SET history_checkpoint = @historyCheckpoint WHERE id = @mailboxId;

-- name: UpsertContact
-- email_key is the lowercased email: the same person typed twice with different case is one contact.
INSERT INTO contacts (email, email_key, fields_json)
VALUES (@email, @emailKey, @fieldsJson)
ON CONFLICT (email_key) DO UPDATE SET fields_json = excluded.fields_json
RETURNING id;

-- name: GetContact
SELECT id, email, fields_json FROM contacts WHERE id = @contactId;

-- name: ListContacts
SELECT id, email, fields_json FROM contacts ORDER BY id;

-- name: Enroll
-- Enrolling twice is not an error: the existing enrollment wins and is returned by FindEnrollmentId.
INSERT INTO enrollments (contact_id, sequence_name, mailbox_id, next_step, due_at, status)
VALUES (@contactId, @sequenceName, @mailboxId, 1, @dueAt, 0)
ON CONFLICT (contact_id, sequence_name) DO NOTHING;

-- name: FindEnrollmentId
SELECT id FROM enrollments WHERE contact_id = @contactId AND sequence_name = @sequenceName;

-- name: GetEnrollment
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts
FROM enrollments
WHERE id = @enrollmentId;

-- name: ListEnrollments
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts
FROM enrollments
ORDER BY id;

-- name: NextDueAt
-- Served by the partial index ix_enrollments_due.
SELECT MIN(due_at) FROM enrollments
WHERE status = 0 AND mailbox_id IN (SELECT id FROM mailboxes WHERE status = 0);

-- name: FindEnrollmentByThread
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts
FROM enrollments
WHERE mailbox_id = @mailboxId AND thread_id = @threadId
ORDER BY id
LIMIT 1;

-- name: ReserveSend
-- The primary key (enrollment_id, step) is the exactly-once guard: a second reservation inserts nothing.
INSERT INTO outbox (enrollment_id, step, mailbox_id, state, local_message_id, subject, reserved_at,
                    gmail_message_id, gmail_thread_id, rfc_message_id, sent_at)
VALUES (@enrollmentId, @step, @mailboxId, @state, @localMessageId, @subject, @reservedAt,
        @gmailMessageId, @gmailThreadId, @rfcMessageId, @sentAt)
ON CONFLICT (enrollment_id, step) DO NOTHING;

-- name: MarkOutboxSent
UPDATE outbox SET
  state = 1,
  gmail_message_id = @gmailMessageId,
  gmail_thread_id = @gmailThreadId,
  rfc_message_id = @rfcMessageId,
  sent_at = @sentAt
WHERE enrollment_id = @enrollmentId AND step = @step;

-- name: AdvanceEnrollment
-- The step after the one sent, in the thread of the first step. An enrollment stopped while its step was in
-- flight (a reply arrived) stays stopped: it only records how far it got. Every SET reads the old row.
UPDATE enrollments SET
  next_step = @step + 1,
  attempts = 0,
  thread_id = COALESCE(thread_id, @gmailThreadId),
  lease_until = NULL,
  due_at = CASE WHEN status = 0 THEN @nextDueAt ELSE NULL END,
  ended_at = CASE WHEN status = 0 AND @nextDueAt IS NULL THEN @sentAt ELSE ended_at END,
  status = CASE WHEN status = 0 AND @nextDueAt IS NULL THEN 1 ELSE status END
WHERE id = @enrollmentId;

-- name: SetOutboxState
UPDATE outbox SET state = @state WHERE enrollment_id = @enrollmentId AND step = @step;

-- name: EndEnrollment
-- Only an active enrollment ends: the first reason it ended (a reply, a failure) is the one kept.
UPDATE enrollments SET
  status = @status,
  status_reason = @reason,
  ended_at = @at,
  due_at = NULL,
  lease_until = NULL
WHERE id = @enrollmentId AND status = 0;

-- name: ListSentOutbox
SELECT enrollment_id, step, mailbox_id, state, local_message_id, subject, reserved_at,
       gmail_message_id, gmail_thread_id, rfc_message_id, sent_at
FROM outbox
WHERE enrollment_id = @enrollmentId AND state = 1
ORDER BY step;

-- name: CountOwnMessages
-- Served by ix_outbox_gmail_message; at most one row matches.
SELECT COUNT(*) FROM outbox WHERE mailbox_id = @mailboxId AND gmail_message_id = @gmailMessageId;

-- name: AddEvent
INSERT INTO events (enrollment_id, at, kind, detail) VALUES (@enrollmentId, @at, @kind, @detail);

-- name: ListEvents
-- In the order they were appended.
SELECT enrollment_id, at, kind, detail FROM events WHERE enrollment_id = @enrollmentId ORDER BY id;

-- name: GetOutboxEntry
-- One step's reservation in whatever state: the worker looks before sending, to reconcile a send whose outcome is unknown.
SELECT enrollment_id, step, mailbox_id, state, local_message_id, subject, reserved_at,
       gmail_message_id, gmail_thread_id, rfc_message_id, sent_at
FROM outbox
WHERE enrollment_id = @enrollmentId AND step = @step;

-- name: MarkSendAmbiguous
UPDATE outbox SET state = 3 WHERE enrollment_id = @enrollmentId AND step = @step AND state = 0;

-- name: DeferForReconciliation
-- The enrollment stays active and comes back when Gmail's SENT folder can tell whether the send went out.
UPDATE enrollments SET due_at = @dueAt, lease_until = NULL WHERE id = @enrollmentId AND status = 0;

-- name: DeleteReservationKnownUnsent
-- Only a row whose send is known not to have gone out (reserved, or ambiguous and then not found in SENT).
DELETE FROM outbox WHERE enrollment_id = @enrollmentId AND step = @step AND state IN (0, 3);

-- name: DeferForRetry
UPDATE enrollments SET attempts = attempts + 1, due_at = @dueAt, lease_until = NULL
WHERE id = @enrollmentId AND status = 0;

-- name: SetMailboxQuota
UPDATE mailboxes SET quota_regime = @quotaRegime, daily_limit = @dailyLimit WHERE id = @mailboxId;

-- name: GetQuotaBucket
SELECT quota_tokens, quota_updated_at, next_send_at FROM mailboxes WHERE id = @mailboxId;

-- name: ListSendTimes
-- The sends that count toward the daily limit: Nudge's from their reservation (Sending, Sent, or Ambiguous, which may
-- have gone out), and the user's own. A manual send whose Gmail id the outbox owns was another worker's send, seen in
-- the history before that worker recorded it: counted once. Served by ix_outbox_quota_window and ix_manual_sends_window.
SELECT reserved_at AS at FROM outbox
WHERE mailbox_id = @mailboxId AND state IN (0, 1, 3) AND reserved_at >= @windowStart
UNION ALL
SELECT m.sent_at AS at FROM manual_sends m
WHERE m.mailbox_id = @mailboxId AND m.sent_at >= @windowStart
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.mailbox_id = m.mailbox_id AND o.gmail_message_id = m.gmail_message_id)
ORDER BY at;

-- name: TakeUnits
-- The token bucket of UnitBucket.Available, refilled to @now and charged in one statement; a never-charged bucket
-- (NULL) is full. The clock only moves forward: a worker whose clock is behind refills nothing.
-- SQLite: one statement under the store's write semaphore (and SQLite's write lock across processes).
UPDATE mailboxes SET
  quota_tokens = MIN(@capacity, COALESCE(quota_tokens + MAX(0, @now - quota_updated_at) * @refillPerMs, @capacity)) - @units,
  quota_updated_at = MAX(@now, COALESCE(quota_updated_at, @now))
WHERE id = @mailboxId AND MIN(@capacity, COALESCE(quota_tokens + MAX(0, @now - quota_updated_at) * @refillPerMs, @capacity)) >= @units;

-- name: TakeSendSlot
-- The pacing gap has passed and the rolling window has room (same count as ListSendTimes): move next_send_at on.
-- SQLite: one statement under the store's write semaphore (and SQLite's write lock across processes).
UPDATE mailboxes SET next_send_at = @nextSendAt
WHERE id = @mailboxId
  AND (next_send_at IS NULL OR next_send_at <= @now)
  AND (SELECT COUNT(*) FROM outbox
       WHERE mailbox_id = @mailboxId AND state IN (0, 1, 3) AND reserved_at >= @windowStart)
    + (SELECT COUNT(*) FROM manual_sends m
       WHERE m.mailbox_id = @mailboxId AND m.sent_at >= @windowStart
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.mailbox_id = m.mailbox_id AND o.gmail_message_id = m.gmail_message_id))
    < @share;

-- name: RecordManualSend
INSERT INTO manual_sends (mailbox_id, gmail_message_id, sent_at) VALUES (@mailboxId, @gmailMessageId, @sentAt)
ON CONFLICT (mailbox_id, gmail_message_id) DO NOTHING;

-- name: DeferEnrollment
-- The quota has no room now: the step waits until @dueAt, and the lease goes so that any worker may take it then.
UPDATE enrollments SET due_at = @dueAt, lease_until = NULL WHERE id = @enrollmentId AND status = 0;

-- name: HoldSends
-- Gmail's daily sending limit was hit: no send from this mailbox before @until (the pacing gate reads next_send_at).
UPDATE mailboxes SET next_send_at = CASE WHEN next_send_at IS NULL OR next_send_at < @until THEN @until ELSE next_send_at END
WHERE id = @mailboxId;
