-- Named queries for PostgreSQL, loaded by SqlQueries. Instants are Unix milliseconds UTC; enums are integers.
-- Several workers may share the database: the claim uses row locks with SKIP LOCKED, migrations an advisory lock.

-- name: LockMigrations
-- Held until the migration's transaction ends, so that two workers starting together apply each migration once.
SELECT pg_advisory_xact_lock(@lockKey);

-- name: ClaimDue
-- Hangfire's fetch with an invisibility timeout: lock the oldest due rows no other worker holds (SKIP LOCKED
-- instead of waiting), lease them, return them. A worker that dies leaves a lease that runs out, and the rows are
-- claimable again. Served by the partial index ix_enrollments_due. RETURNING has no order: the caller sorts.
UPDATE enrollments SET lease_until = @leaseUntil
WHERE id IN (
  SELECT id FROM enrollments
  WHERE status = 0 AND due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
    -- A paused mailbox's, sequence's or contact's enrollments wait untouched until resumed.
    AND paused_at IS NULL
    AND mailbox_id IN (SELECT id FROM mailboxes WHERE status = 0)
    AND sequence_name NOT IN (SELECT sequence_name FROM paused_sequences)
  ORDER BY due_at, id
  LIMIT @limit
  FOR UPDATE SKIP LOCKED)
RETURNING id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts,
  enrolled_at, paused_at, paused_reason, external_thread;

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
  credential_ciphertext, token_url, quota_regime, daily_limit, time_zone, history_synced_at, watch_expires_at
FROM mailboxes
WHERE id = @mailboxId;

-- name: ListMailboxes
SELECT id, email, display_name, api_base_url, access_token, history_checkpoint, kind, status, paused_reason, paused_at,
  credential_ciphertext, token_url, quota_regime, daily_limit, time_zone, history_synced_at, watch_expires_at
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
UPDATE mailboxes SET history_checkpoint = @historyCheckpoint, history_synced_at = @syncedAt WHERE id = @mailboxId;

-- name: UpsertContact
-- email_key is the lowercased email: the same person typed twice with different case is one contact.
INSERT INTO contacts (email, email_key, fields_json)
VALUES (@email, @emailKey, @fieldsJson)
ON CONFLICT (email_key) DO UPDATE SET fields_json = excluded.fields_json
RETURNING id;

-- name: FindContactsByEmailKeys
-- A batch of an import: the contacts whose own email is one of these, to keep the fields a new row lacks.
SELECT id, email, fields_json FROM contacts WHERE email_key = ANY(@emailKeys);

-- name: GetContact
SELECT id, email, fields_json FROM contacts WHERE id = @contactId;

-- name: ListContacts
SELECT id, email, fields_json FROM contacts ORDER BY id;

-- name: Enroll
-- Enrolling twice is not an error: the existing enrollment wins and is returned by FindEnrollmentId.
INSERT INTO enrollments (contact_id, sequence_name, mailbox_id, next_step, due_at, status, enrolled_at, thread_id, external_thread)
VALUES (@contactId, @sequenceName, @mailboxId, @firstStep, @dueAt, 0, @enrolledAt, @threadId, @externalThread)
ON CONFLICT (contact_id, sequence_name) DO NOTHING;

-- name: FindEnrollmentId
SELECT id FROM enrollments WHERE contact_id = @contactId AND sequence_name = @sequenceName;

-- name: GetEnrollment
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts,
  enrolled_at, paused_at, paused_reason, external_thread
FROM enrollments
WHERE id = @enrollmentId;

-- name: ListEnrollments
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts,
  enrolled_at, paused_at, paused_reason, external_thread
FROM enrollments
ORDER BY id;

-- name: NextDueAt
-- Served by the partial index ix_enrollments_due.
SELECT MIN(due_at) FROM enrollments
WHERE status = 0 AND paused_at IS NULL AND mailbox_id IN (SELECT id FROM mailboxes WHERE status = 0)
  AND sequence_name NOT IN (SELECT sequence_name FROM paused_sequences);

-- name: FindEnrollmentByThread
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts,
  enrolled_at, paused_at, paused_reason, external_thread
FROM enrollments
WHERE mailbox_id = @mailboxId AND thread_id = @threadId
ORDER BY id
LIMIT 1;

-- name: ReserveSend
-- The primary key (enrollment_id, step) is the exactly-once guard: a second reservation inserts nothing.
INSERT INTO outbox (enrollment_id, step, mailbox_id, state, local_message_id, subject, reserved_at,
                    gmail_message_id, gmail_thread_id, rfc_message_id, sent_at, worker_id, history_checkpoint)
VALUES (@enrollmentId, @step, @mailboxId, @state, @localMessageId, @subject, @reservedAt,
        @gmailMessageId, @gmailThreadId, @rfcMessageId, @sentAt, @workerId, @historyCheckpoint)
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
-- The next step to send (the one after the one sent, or later when the schedule skipped some), in the thread of the first step. An enrollment stopped while its step was in
-- flight (a reply arrived) stays stopped: it only records how far it got. Every SET reads the old row.
UPDATE enrollments SET
  next_step = @nextStep,
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
  lease_until = NULL,
  paused_at = NULL,
  paused_reason = NULL
WHERE id = @enrollmentId AND status = 0;

-- name: ListSentOutbox
SELECT enrollment_id, step, mailbox_id, state, local_message_id, subject, reserved_at,
       gmail_message_id, gmail_thread_id, rfc_message_id, sent_at, worker_id, history_checkpoint
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
       gmail_message_id, gmail_thread_id, rfc_message_id, sent_at, worker_id, history_checkpoint
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
-- PostgreSQL: the UPDATE locks the mailbox row; a concurrent taker waits for it, then re-checks the WHERE on the
-- row as the first left it (READ COMMITTED), so two workers never spend the same units or take the same slot.
UPDATE mailboxes SET
  quota_tokens = LEAST(@capacity, COALESCE(quota_tokens + GREATEST(0, @now - quota_updated_at) * @refillPerMs, @capacity)) - @units,
  quota_updated_at = GREATEST(@now, COALESCE(quota_updated_at, @now))
WHERE id = @mailboxId AND LEAST(@capacity, COALESCE(quota_tokens + GREATEST(0, @now - quota_updated_at) * @refillPerMs, @capacity)) >= @units;

-- name: TakeSendSlot
-- The pacing gap has passed and the rolling window has room (same count as ListSendTimes): move next_send_at on.
-- PostgreSQL: the UPDATE locks the mailbox row; a concurrent taker waits for it, then re-checks the WHERE on the
-- row as the first left it (READ COMMITTED), so two workers never spend the same units or take the same slot.
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

-- name: UpsertContactAddress
-- An alias another contact already has stays that contact's: the first to claim it keeps it.
INSERT INTO contact_addresses (email_key, contact_id) VALUES (@emailKey, @contactId)
ON CONFLICT (email_key) DO NOTHING;

-- name: UpsertContactOwnAddress
-- A contact's own email is always its own, even if another contact listed it among its other_emails first.
INSERT INTO contact_addresses (email_key, contact_id) VALUES (@emailKey, @contactId)
ON CONFLICT (email_key) DO UPDATE SET contact_id = excluded.contact_id;

-- name: DeleteContactAddresses
DELETE FROM contact_addresses WHERE contact_id = @contactId;

-- name: FindContactByAddress
SELECT c.id, c.email, c.fields_json
FROM contact_addresses a JOIN contacts c ON c.id = a.contact_id
WHERE a.email_key = @emailKey;

-- name: ListEnrollmentsForContact
SELECT id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts,
  enrolled_at, paused_at, paused_reason, external_thread
FROM enrollments
WHERE contact_id = @contactId
ORDER BY id;

-- name: ClaimDueInMailboxes
-- ClaimDue, among the mailboxes the worker holds (AcquireMailboxes). Served by ix_enrollments_mailbox_due.
UPDATE enrollments SET lease_until = @leaseUntil
WHERE id IN (
  SELECT id FROM enrollments
  WHERE status = 0 AND due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
    -- A paused mailbox's, sequence's or contact's enrollments wait untouched until resumed.
    AND paused_at IS NULL
    AND mailbox_id = ANY(@mailboxIds)
    AND mailbox_id IN (SELECT id FROM mailboxes WHERE status = 0)
    AND sequence_name NOT IN (SELECT sequence_name FROM paused_sequences)
  ORDER BY due_at, id
  LIMIT @limit
  FOR UPDATE SKIP LOCKED)
RETURNING id, contact_id, sequence_name, mailbox_id, next_step, due_at, status, thread_id, status_reason, ended_at, attempts,
  enrolled_at, paused_at, paused_reason, external_thread;

-- name: CountOpenEnrollments
SELECT COUNT(*) FROM enrollments
WHERE status = 0 AND paused_at IS NULL AND mailbox_id IN (SELECT id FROM mailboxes WHERE status = 0)
  AND sequence_name NOT IN (SELECT sequence_name FROM paused_sequences);

-- name: PauseEnrollments
-- Only active enrollments pause; the due step stays where it was, and the lease goes.
UPDATE enrollments SET paused_at = @at, paused_reason = @reason, lease_until = NULL
WHERE status = 0 AND paused_at IS NULL
  AND (@enrollmentId IS NULL OR id = @enrollmentId)
  AND (@contactId IS NULL OR contact_id = @contactId);

-- name: ResumeEnrollments
UPDATE enrollments SET paused_at = NULL, paused_reason = NULL
WHERE paused_at IS NOT NULL AND status = 0
  AND (@enrollmentId IS NULL OR id = @enrollmentId)
  AND (@contactId IS NULL OR contact_id = @contactId);

-- name: PauseSequence
INSERT INTO paused_sequences (sequence_name, reason, paused_at) VALUES (@sequenceName, @reason, @at)
ON CONFLICT (sequence_name) DO NOTHING;

-- name: ResumeSequence
DELETE FROM paused_sequences WHERE sequence_name = @sequenceName;

-- name: ListPausedSequences
SELECT sequence_name, reason, paused_at FROM paused_sequences ORDER BY sequence_name;

-- name: AddSuppression
INSERT INTO suppressions (value, kind, reason, created_at) VALUES (@value, @kind, @reason, @createdAt)
ON CONFLICT (value) DO NOTHING;

-- name: RemoveSuppression
DELETE FROM suppressions WHERE value = @value;

-- name: ListSuppressions
SELECT value, kind, reason, created_at FROM suppressions ORDER BY value;

-- name: FindSuppression
-- @keys: the address, its domain and the domain's parents (Suppression.KeysFor); an address entry wins.
SELECT value, kind, reason, created_at FROM suppressions WHERE value = ANY(@keys) ORDER BY kind, value;

-- name: SetMailboxTimeZone
UPDATE mailboxes SET time_zone = @timeZone WHERE id = @mailboxId;

-- name: Heartbeat
INSERT INTO workers (id, host, process_id, started_at, heartbeat_at) VALUES (@workerId, @host, @processId, @startedAt, @now)
ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at;

-- name: CountLiveWorkers
SELECT COUNT(*) FROM workers WHERE heartbeat_at >= @since;

-- name: AcquireMailboxes
-- The worker's own mailboxes first (renewing their lease), then free ones or those whose worker died (lease over).
UPDATE mailboxes SET lease_owner = @workerId, lease_until = @leaseUntil
WHERE id IN (
  SELECT id FROM mailboxes
  WHERE status = 0 AND (lease_owner = @workerId OR lease_until IS NULL OR lease_until < @now)
  ORDER BY CASE WHEN lease_owner = @workerId THEN 0 ELSE 1 END, id
  LIMIT @max
  FOR UPDATE SKIP LOCKED)
RETURNING id;

-- name: ReleaseMailboxes
UPDATE mailboxes SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @workerId;

-- name: ReleaseSomeMailboxes
UPDATE mailboxes SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @workerId AND id = ANY(@mailboxIds);

-- name: CountSendsByWorker
SELECT COALESCE(worker_id, '') AS worker_id, COUNT(*) AS sends FROM outbox WHERE state <> 2 GROUP BY COALESCE(worker_id, '');

-- name: SkipSteps
-- Steps that will not be sent (a condition false now): move on to @nextStep, or complete when none is left. Only the
-- enrollment still at @fromStep moves, so that a worker with a stale view changes nothing.
UPDATE enrollments SET
  next_step = @nextStep,
  attempts = 0,
  lease_until = NULL,
  due_at = @dueAt,
  ended_at = CASE WHEN @dueAt IS NULL THEN @at ELSE NULL END,
  status = CASE WHEN @dueAt IS NULL THEN 1 ELSE 0 END
WHERE id = @enrollmentId AND status = 0 AND next_step = @fromStep;

-- name: ListOwnMessageIds
-- Which of these Gmail messages Nudge recorded as its own sends: reconciliation need not fetch those. Served by
-- ix_outbox_gmail_message.
SELECT gmail_message_id FROM outbox WHERE mailbox_id = @mailboxId AND gmail_message_id = ANY(@gmailMessageIds);

-- name: SetWatchExpiry
UPDATE mailboxes SET watch_expires_at = @expiresAt WHERE id = @mailboxId;

-- name: AddSecret
-- The first worker to need a secret creates it; the others read the one that won.
INSERT INTO secrets (name, value, created_at) VALUES (@name, @value, @createdAt) ON CONFLICT (name) DO NOTHING;

-- name: GetSecret
SELECT value FROM secrets WHERE name = @name;

-- name: AddRuleReply
-- One row per inbound message and mailbox: a second match (another worker, a re-read history) changes nothing.
INSERT INTO rule_replies (rule_name, mailbox_id, inbound_message_id, thread_id, sender, sender_name, subject, rfc_message_id,
  references_header, received_at, state, due_at, detail, reply_message_id, created_at, updated_at)
VALUES (@ruleName, @mailboxId, @inboundMessageId, @threadId, @sender, @senderName, @subject, @rfcMessageId,
  @references, @receivedAt, @state, @dueAt, @detail, NULL, @createdAt, @createdAt)
ON CONFLICT (mailbox_id, inbound_message_id) DO NOTHING
RETURNING id;

-- name: CountRuleRepliesInThread
-- Replies sent, on their way, or possibly sent (ambiguous) in the thread by this rule. Served by ix_rule_replies_thread.
SELECT COUNT(*) FROM rule_replies
WHERE mailbox_id = @mailboxId AND thread_id = @threadId AND rule_name = @ruleName AND state IN (0, 1, 2, 4);

-- name: LastRuleReplyToSender
-- Served by ix_rule_replies_sender.
SELECT MAX(created_at) FROM rule_replies
WHERE mailbox_id = @mailboxId AND sender = @sender AND rule_name = @ruleName AND state IN (0, 1, 2, 4);

-- name: ListWaitingRuleReplies
-- Served by ix_rule_replies_waiting.
SELECT id, rule_name, mailbox_id, inbound_message_id, thread_id, sender, sender_name, subject, rfc_message_id,
  references_header, received_at, state, due_at, detail, reply_message_id, created_at
FROM rule_replies
WHERE mailbox_id = @mailboxId AND state = 0 AND due_at <= @now
ORDER BY due_at, id
LIMIT @limit;

-- name: StartRuleReply
UPDATE rule_replies SET state = 1, updated_at = @at WHERE id = @id AND state = 0;

-- name: FinishRuleReply
UPDATE rule_replies SET state = @state, detail = @detail, reply_message_id = @replyMessageId, updated_at = @at
WHERE id = @id AND state IN (0, 1);

-- name: DeferRuleReply
UPDATE rule_replies SET due_at = @dueAt, updated_at = @at WHERE id = @id AND state = 0;

-- name: ReturnRuleReply
-- Taken, but nothing left for Gmail (no quota, no token): back to waiting.
UPDATE rule_replies SET state = 0, due_at = @dueAt, updated_at = @at WHERE id = @id AND state = 1;

-- name: MarkStaleRuleRepliesAmbiguous
-- A worker died between taking a reply and recording its outcome: it may have gone out, so it is never sent again.
UPDATE rule_replies SET state = 4, detail = 'the worker stopped while sending it; it may have gone out, so it is not sent again',
  updated_at = @at
WHERE mailbox_id = @mailboxId AND state = 1 AND updated_at < @startedBefore;

-- name: ListRuleReplies
SELECT id, rule_name, mailbox_id, inbound_message_id, thread_id, sender, sender_name, subject, rfc_message_id,
  references_header, received_at, state, due_at, detail, reply_message_id, created_at
FROM rule_replies
ORDER BY id DESC
LIMIT @limit;

-- name: AnnotateRuleReply
UPDATE rule_replies SET detail = @detail, updated_at = @at WHERE id = @id;

-- name: CountUsers
SELECT COUNT(*) FROM users;

-- name: AddFirstUser
-- The first-run setup: only while there is no account, so that two setups racing make one admin.
INSERT INTO users (username, password_hash, created_at)
SELECT @username, @passwordHash, @createdAt WHERE NOT EXISTS (SELECT 1 FROM users)
RETURNING id;

-- name: FindUser
SELECT id, username, password_hash, created_at FROM users WHERE username = @username;

-- name: UpdatePasswordHash
UPDATE users SET password_hash = @passwordHash WHERE id = @id;

-- name: AddApiKey
INSERT INTO api_keys (name, prefix, key_hash, created_at) VALUES (@name, @prefix, @keyHash, @createdAt) RETURNING id;

-- name: ListApiKeys
SELECT id, name, prefix, key_hash, created_at, last_used_at, revoked_at FROM api_keys ORDER BY id;

-- name: FindApiKeyByHash
SELECT id, name, prefix, key_hash, created_at, last_used_at, revoked_at FROM api_keys WHERE key_hash = @keyHash;

-- name: TouchApiKey
UPDATE api_keys SET last_used_at = @at WHERE id = @id;

-- name: RevokeApiKey
UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL;

-- name: ListEnrollmentPage
-- The API's and the dashboard's listing: every NULL criterion lets all through. The two addresses ride along, split
-- off by Dapper at contact_email, so that a page costs one query. @pattern is '%text%', lowercased, with % _ and \
-- escaped; email_key is lowercase already. The id order walks the primary key and stops at the page's end.
SELECT e.id, e.contact_id, e.sequence_name, e.mailbox_id, e.next_step, e.due_at, e.status, e.thread_id, e.status_reason, e.ended_at,
  e.attempts, e.enrolled_at, e.paused_at, e.paused_reason, e.external_thread, c.email AS contact_email, m.email AS mailbox_email
FROM enrollments e
JOIN contacts c ON c.id = e.contact_id
JOIN mailboxes m ON m.id = e.mailbox_id
WHERE (@sequenceName IS NULL OR e.sequence_name = @sequenceName)
  AND (@status IS NULL OR e.status = @status)
  AND (@paused IS NULL OR (@paused = 1 AND e.paused_at IS NOT NULL) OR (@paused = 0 AND e.paused_at IS NULL))
  AND (@pattern IS NULL OR c.email_key LIKE @pattern ESCAPE '\')
ORDER BY e.id
LIMIT @limit OFFSET @offset;

-- name: ListEnrollmentPageNewestFirst
-- ListEnrollmentPage (keep the two alike), the primary key walked backwards: the dashboard's leads.
SELECT e.id, e.contact_id, e.sequence_name, e.mailbox_id, e.next_step, e.due_at, e.status, e.thread_id, e.status_reason, e.ended_at,
  e.attempts, e.enrolled_at, e.paused_at, e.paused_reason, e.external_thread, c.email AS contact_email, m.email AS mailbox_email
FROM enrollments e
JOIN contacts c ON c.id = e.contact_id
JOIN mailboxes m ON m.id = e.mailbox_id
WHERE (@sequenceName IS NULL OR e.sequence_name = @sequenceName)
  AND (@status IS NULL OR e.status = @status)
  AND (@paused IS NULL OR (@paused = 1 AND e.paused_at IS NOT NULL) OR (@paused = 0 AND e.paused_at IS NULL))
  AND (@pattern IS NULL OR c.email_key LIKE @pattern ESCAPE '\')
ORDER BY e.id DESC
LIMIT @limit OFFSET @offset;

-- name: CountEnrollmentPage
-- The contact is read only for a search, so that counting without one stays on the enrollments.
SELECT COUNT(*) FROM enrollments e
WHERE (@sequenceName IS NULL OR e.sequence_name = @sequenceName)
  AND (@status IS NULL OR e.status = @status)
  AND (@paused IS NULL OR (@paused = 1 AND e.paused_at IS NOT NULL) OR (@paused = 0 AND e.paused_at IS NULL))
  AND (@pattern IS NULL OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = e.contact_id AND c.email_key LIKE @pattern ESCAPE '\'));

-- name: ListEnrolledSequenceNames
-- A loose index scan of ix_enrollments_sequence: one index seek per name, where DISTINCT would read every enrollment.
WITH RECURSIVE names (name) AS (
  SELECT MIN(sequence_name) FROM enrollments
  UNION ALL
  SELECT (SELECT MIN(e.sequence_name) FROM enrollments e WHERE e.sequence_name > names.name) FROM names WHERE names.name IS NOT NULL
)
SELECT name FROM names WHERE name IS NOT NULL;

-- name: ListPausableEnrollmentIds
-- One batch of the dashboard's bulk pause: the enrollments the listing's filter lets through that a pause changes,
-- after @afterId (keyset, by the primary key).
SELECT e.id FROM enrollments e
WHERE e.status = 0 AND e.paused_at IS NULL AND e.id > @afterId
  AND (@sequenceName IS NULL OR e.sequence_name = @sequenceName)
  AND (@status IS NULL OR e.status = @status)
  AND (@paused IS NULL OR @paused = 0)
  AND (@pattern IS NULL OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = e.contact_id AND c.email_key LIKE @pattern ESCAPE '\'))
ORDER BY e.id
LIMIT @limit;

-- name: PauseEnrollmentIds
-- PauseEnrollments for a batch of ids; RETURNING says which ones it changed.
UPDATE enrollments SET paused_at = @at, paused_reason = @reason, lease_until = NULL
WHERE id = ANY(@ids) AND status = 0 AND paused_at IS NULL
RETURNING id;

-- name: AddPausedEvents
INSERT INTO events (enrollment_id, at, kind, detail)
SELECT id, @at, 'paused', @detail FROM enrollments WHERE id = ANY(@ids) ORDER BY id;

-- name: CountEnrollmentsByState
SELECT sequence_name, status, CASE WHEN paused_at IS NULL THEN 0 ELSE 1 END AS paused, COUNT(*) AS count
FROM enrollments
GROUP BY sequence_name, status, CASE WHEN paused_at IS NULL THEN 0 ELSE 1 END
ORDER BY sequence_name, status;

-- name: SearchContacts
-- @pattern is '%text%', lowercased, with % _ and \ escaped; email_key is lowercase already.
SELECT id, email, fields_json FROM contacts
WHERE @pattern IS NULL OR email_key LIKE @pattern ESCAPE '\' OR LOWER(fields_json) LIKE @pattern ESCAPE '\'
ORDER BY id
LIMIT @limit OFFSET @offset;

-- name: CountContactsMatching
SELECT COUNT(*) FROM contacts
WHERE @pattern IS NULL OR email_key LIKE @pattern ESCAPE '\' OR LOWER(fields_json) LIKE @pattern ESCAPE '\';

-- name: AddWebhook
-- The cursor starts at the last event: a new webhook hears of what happens from now on, not of the past.
INSERT INTO webhooks (url, secret, events, cursor_event_id, created_at)
VALUES (@url, @secret, @events, (SELECT COALESCE(MAX(id), 0) FROM events), @createdAt)
RETURNING id;

-- name: ListWebhooks
SELECT id, url, secret, events, cursor_event_id, created_at, disabled_at FROM webhooks WHERE disabled_at IS NULL ORDER BY id;

-- name: GetWebhook
SELECT id, url, secret, events, cursor_event_id, created_at, disabled_at FROM webhooks WHERE id = @id;

-- name: DisableWebhook
UPDATE webhooks SET disabled_at = @at WHERE id = @id AND disabled_at IS NULL;

-- name: ListEventsAfter
-- Served by the primary key; the enrollment's state is read now, which is what a receiver acts on.
SELECT ev.id, ev.enrollment_id, ev.at, ev.kind, ev.detail, c.email, e.sequence_name, e.status, e.paused_at
FROM events ev
JOIN enrollments e ON e.id = ev.enrollment_id
JOIN contacts c ON c.id = e.contact_id
WHERE ev.id > @afterEventId
ORDER BY ev.id
LIMIT @limit;

-- name: AddWebhookDelivery
-- One delivery per webhook and event: a dispatcher reading the same events again (another worker, a re-read) adds nothing.
INSERT INTO webhook_deliveries (webhook_id, event_id, event_kind, payload, state, attempts, next_attempt_at, created_at)
VALUES (@webhookId, @eventId, @eventKind, @payload, 0, 0, @at, @at)
ON CONFLICT (webhook_id, event_id) DO NOTHING;

-- name: AdvanceWebhookCursor
-- Never back: two dispatchers may read overlapping batches.
UPDATE webhooks SET cursor_event_id = @cursorEventId WHERE id = @webhookId AND cursor_event_id < @cursorEventId;

-- name: ClaimDueWebhookDeliveries
-- The invisibility timeout of ClaimDue: the next attempt moves to the end of the lease, so that no other dispatcher
-- takes the delivery meanwhile, and one whose dispatcher died comes back by itself. Served by ix_webhook_deliveries_due.
UPDATE webhook_deliveries SET next_attempt_at = @leaseUntil
WHERE id IN (
  SELECT d.id FROM webhook_deliveries d
  JOIN webhooks w ON w.id = d.webhook_id
  WHERE d.state = 0 AND d.next_attempt_at <= @now AND w.disabled_at IS NULL
  ORDER BY d.next_attempt_at, d.id
  LIMIT @limit
  FOR UPDATE OF d SKIP LOCKED)
RETURNING id, webhook_id, event_id, event_kind, payload, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at;

-- name: RecordWebhookAttempt
UPDATE webhook_deliveries SET
  state = @state,
  attempts = attempts + 1,
  next_attempt_at = @nextAttemptAt,
  last_status = @lastStatus,
  last_error = @lastError,
  delivered_at = @deliveredAt
WHERE id = @id AND state = 0;

-- name: ListWebhookDeliveries
SELECT id, webhook_id, event_id, event_kind, payload, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at
FROM webhook_deliveries
WHERE webhook_id = @webhookId
ORDER BY id DESC
LIMIT @limit;

-- name: CountSendsByStep
-- The messages that went out (state 1: Gmail accepted them) per sequence and step, for the overview's funnels. Reads
-- every sent outbox row: one per enrollment and step, so each count is also how many leads received that step.
SELECT e.sequence_name, o.step, COUNT(*) AS sends
FROM outbox o
JOIN enrollments e ON e.id = o.enrollment_id
WHERE o.state = 1
GROUP BY e.sequence_name, o.step
ORDER BY e.sequence_name, o.step;
