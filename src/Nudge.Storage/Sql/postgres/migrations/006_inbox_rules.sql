-- Issue 6: inbox sync that survives an expired history id, push notifications, templated replies to inbound mail
-- (inbound rules), and the key that signs unsubscribe links.

-- When the history was last read up to history_checkpoint: a full sync after Gmail forgot the checkpoint (404) lists
-- the messages since then. And until when Gmail publishes the mailbox's changes (users.watch), renewed daily.
ALTER TABLE mailboxes ADD COLUMN history_synced_at bigint NULL;
ALTER TABLE mailboxes ADD COLUMN watch_expires_at bigint NULL;

-- Installation secrets shared by every worker (the HMAC key of unsubscribe tokens): created once, never logged.
CREATE TABLE secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at bigint NOT NULL
);

-- One row per inbound message a rule matched: the reply waiting (0), sending (1), sent (2), failed (3), ambiguous
-- (4), or not sent and why (5, skipped: the loop guard, once per thread, per sender, hours). The unique key makes one
-- inbound message get at most one templated reply, whatever the workers and the crashes.
CREATE TABLE rule_replies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_name text NOT NULL,
  mailbox_id bigint NOT NULL REFERENCES mailboxes (id),
  inbound_message_id text NOT NULL,
  thread_id text NOT NULL,
  sender text NOT NULL,
  sender_name text NULL,
  subject text NOT NULL,
  rfc_message_id text NULL,
  references_header text NULL,
  received_at bigint NOT NULL,
  state integer NOT NULL,
  due_at bigint NOT NULL,
  detail text NULL,
  reply_message_id text NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (mailbox_id, inbound_message_id)
);
-- "Has this rule answered this thread / this sender lately?" and "which replies wait?".
CREATE INDEX ix_rule_replies_thread ON rule_replies (mailbox_id, thread_id);
CREATE INDEX ix_rule_replies_sender ON rule_replies (mailbox_id, sender, created_at);
CREATE INDEX ix_rule_replies_waiting ON rule_replies (mailbox_id, due_at) WHERE state IN (0, 1);
