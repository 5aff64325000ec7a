-- Issue 6: inbox sync that survives an expired history id, push notifications, templated replies to inbound mail
-- (inbound rules), and the key that signs unsubscribe links.

-- When the history was last read up to history_checkpoint: a full sync after Gmail forgot the checkpoint (404) lists
-- the messages since then. And until when Gmail publishes the mailbox's changes (users.watch), renewed daily.
ALTER TABLE mailboxes ADD COLUMN history_synced_at INTEGER NULL;
ALTER TABLE mailboxes ADD COLUMN watch_expires_at INTEGER NULL;

-- Installation secrets shared by every worker (the HMAC key of unsubscribe tokens): created once, never logged.
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- One row per inbound message a rule matched: the reply waiting (0), sending (1), sent (2), failed (3), ambiguous
-- (4), or not sent and why (5, skipped: the loop guard, once per thread, per sender, hours). The unique key makes one
-- inbound message get at most one templated reply, whatever the workers and the crashes.
CREATE TABLE rule_replies (
  id INTEGER PRIMARY KEY,
  rule_name TEXT NOT NULL,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id),
  inbound_message_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  sender_name TEXT NULL,
  subject TEXT NOT NULL,
  rfc_message_id TEXT NULL,
  references_header TEXT NULL,
  received_at INTEGER NOT NULL,
  state integer NOT NULL,
  due_at INTEGER NOT NULL,
  detail TEXT NULL,
  reply_message_id TEXT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (mailbox_id, inbound_message_id)
);
-- "Has this rule answered this thread / this sender lately?" and "which replies wait?".
CREATE INDEX ix_rule_replies_thread ON rule_replies (mailbox_id, thread_id);
CREATE INDEX ix_rule_replies_sender ON rule_replies (mailbox_id, sender, created_at);
CREATE INDEX ix_rule_replies_waiting ON rule_replies (mailbox_id, due_at) WHERE state IN (0, 1);
