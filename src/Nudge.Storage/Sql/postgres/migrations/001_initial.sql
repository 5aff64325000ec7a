-- The first schema of Nudge on PostgreSQL.
-- Instants are bigint Unix milliseconds UTC, as on SQLite (INTEGER), so that one row mapping serves both dialects
-- and the engine's TimeProvider, never the server clock or time zone, decides what time it is. Enums are stored as
-- their integer values.

CREATE TABLE mailboxes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  api_base_url text NOT NULL,
  access_token text NOT NULL,
  -- A Gmail history id is an unsigned 64-bit number: stored bit for bit in a signed bigint.
  history_checkpoint bigint NULL
);

CREATE TABLE contacts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  -- The lowercased email: the uniqueness key, so that Ann@x.com and ann@x.com are one contact.
  email_key text NOT NULL UNIQUE,
  fields_json text NOT NULL
);

CREATE TABLE enrollments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_id bigint NOT NULL REFERENCES contacts (id),
  sequence_name text NOT NULL,
  mailbox_id bigint NOT NULL REFERENCES mailboxes (id),
  next_step integer NOT NULL,
  due_at bigint NULL,
  status integer NOT NULL,
  thread_id text NULL,
  status_reason text NULL,
  ended_at bigint NULL,
  -- The claim lease: until then one worker owns the enrollment's due step.
  lease_until bigint NULL,
  UNIQUE (contact_id, sequence_name)
);

-- Only active enrollments are in this index, so claiming costs what is due, not what was ever enrolled.
CREATE INDEX ix_enrollments_due ON enrollments (due_at, id) WHERE status = 0;
CREATE INDEX ix_enrollments_thread ON enrollments (mailbox_id, thread_id) WHERE thread_id IS NOT NULL;

CREATE TABLE outbox (
  enrollment_id bigint NOT NULL REFERENCES enrollments (id),
  step integer NOT NULL,
  mailbox_id bigint NOT NULL REFERENCES mailboxes (id),
  state integer NOT NULL,
  local_message_id text NOT NULL,
  subject text NOT NULL,
  reserved_at bigint NOT NULL,
  gmail_message_id text NULL,
  gmail_thread_id text NULL,
  rfc_message_id text NULL,
  sent_at bigint NULL,
  -- One row per step: the key that makes each send happen at most once.
  PRIMARY KEY (enrollment_id, step)
);

-- "Did we send this message?" when reading the mailbox history.
CREATE INDEX ix_outbox_gmail_message ON outbox (mailbox_id, gmail_message_id);

CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrollment_id bigint NOT NULL REFERENCES enrollments (id),
  at bigint NOT NULL,
  kind text NOT NULL,
  detail text NOT NULL
);

CREATE INDEX ix_events_enrollment ON events (enrollment_id, id);
