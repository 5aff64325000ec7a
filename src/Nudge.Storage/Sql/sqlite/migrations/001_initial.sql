-- The first schema of Nudge on SQLite.
-- Instants are INTEGER Unix milliseconds UTC, as on PostgreSQL (bigint), so that one row mapping serves both
-- dialects and time zones never enter the database. Enums are stored as their integer values.

CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  api_base_url TEXT NOT NULL,
  access_token TEXT NOT NULL,
  -- A Gmail history id is an unsigned 64-bit number: stored bit for bit in a signed INTEGER.
  history_checkpoint INTEGER NULL
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  -- The lowercased email: the uniqueness key, so that Ann@x.com and ann@x.com are one contact.
  email_key TEXT NOT NULL UNIQUE,
  fields_json TEXT NOT NULL
);

CREATE TABLE enrollments (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts (id),
  sequence_name TEXT NOT NULL,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id),
  next_step INTEGER NOT NULL,
  due_at INTEGER NULL,
  status INTEGER NOT NULL,
  thread_id TEXT NULL,
  status_reason TEXT NULL,
  ended_at INTEGER NULL,
  -- The claim lease: until then one worker owns the enrollment's due step.
  lease_until INTEGER NULL,
  UNIQUE (contact_id, sequence_name)
);

-- Only active enrollments are in this index, so claiming costs what is due, not what was ever enrolled.
CREATE INDEX ix_enrollments_due ON enrollments (due_at, id) WHERE status = 0;
CREATE INDEX ix_enrollments_thread ON enrollments (mailbox_id, thread_id) WHERE thread_id IS NOT NULL;

CREATE TABLE outbox (
  enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
  step INTEGER NOT NULL,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id),
  state INTEGER NOT NULL,
  local_message_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  reserved_at INTEGER NOT NULL,
  gmail_message_id TEXT NULL,
  gmail_thread_id TEXT NULL,
  rfc_message_id TEXT NULL,
  sent_at INTEGER NULL,
  -- One row per step: the key that makes each send happen at most once.
  PRIMARY KEY (enrollment_id, step)
);

-- "Did we send this message?" when reading the mailbox history.
CREATE INDEX ix_outbox_gmail_message ON outbox (mailbox_id, gmail_message_id);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
);

CREATE INDEX ix_events_enrollment ON events (enrollment_id, id);
