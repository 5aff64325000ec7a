-- The sequence engine of issue 5: pauses, the suppression list, any address of a contact, existing threads,
-- several workers sharing mailboxes, and the history checkpoint that reconciles a send whose outcome is unknown.

-- When the contact entered the sequence (the base of step 1's wait), and a per-enrollment pause (per contact too)
-- that keeps its step where it is: a paused enrollment is neither claimed nor counted as open work.
ALTER TABLE enrollments ADD COLUMN enrolled_at INTEGER NULL;
ALTER TABLE enrollments ADD COLUMN paused_at INTEGER NULL;
ALTER TABLE enrollments ADD COLUMN paused_reason TEXT NULL;
-- 1: enrolled into a thread Nudge did not start (an invoice): every reply reads the thread for its References.
ALTER TABLE enrollments ADD COLUMN external_thread integer NOT NULL DEFAULT 0;

-- The zone a contact without one of its own is written to in, when its sequence names none (IANA id).
ALTER TABLE mailboxes ADD COLUMN time_zone TEXT NULL;
-- Which worker sends from (and reads) the mailbox, until when: one at a time, so that its pacing holds.
ALTER TABLE mailboxes ADD COLUMN lease_owner TEXT NULL;
ALTER TABLE mailboxes ADD COLUMN lease_until INTEGER NULL;

-- Which worker reserved the send (for "the work spread over the workers"), and the mailbox's history checkpoint
-- taken before the send: reconciliation reads the history from there for the X-Nudge-Send-Id.
ALTER TABLE outbox ADD COLUMN worker_id TEXT NULL;
ALTER TABLE outbox ADD COLUMN history_checkpoint INTEGER NULL;

-- Every address of a contact (its email and its other_emails field), lowercased: a reply from any of them stops it.
CREATE TABLE contact_addresses (
  email_key TEXT PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts (id)
);
INSERT INTO contact_addresses (email_key, contact_id) SELECT email_key, id FROM contacts;
CREATE INDEX ix_contact_addresses_contact ON contact_addresses (contact_id);

-- The global suppression list: lowercased addresses (kind 0) and domains (kind 1), checked at enrollment and again
-- just before every send.
CREATE TABLE suppressions (
  value TEXT PRIMARY KEY,
  kind integer NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Sequences paused as a whole: their enrollments are not claimed until resumed, new ones included.
CREATE TABLE paused_sequences (
  sequence_name TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  paused_at INTEGER NOT NULL
);

-- The workers that ran against this database, with their last heartbeat: the live ones share the mailboxes.
CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  process_id INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);

-- Due work, found by its due time and its mailbox: the cost of a tick grows with the work due, not with the
-- enrollments ever made. Paused enrollments leave the index.
DROP INDEX ix_enrollments_due;
CREATE INDEX ix_enrollments_due ON enrollments (due_at, id) WHERE status = 0 AND paused_at IS NULL;
CREATE INDEX ix_enrollments_mailbox_due ON enrollments (mailbox_id, due_at) WHERE status = 0 AND paused_at IS NULL;
CREATE INDEX ix_enrollments_contact ON enrollments (contact_id);
