-- The quota governor's state, on the mailbox row so that every worker draws from one budget (GMAIL-FACTS §3).

-- 0 legacy (15,000 units per user per minute), 1 the May 2026 regime (6,000): a project created today is 1.
ALTER TABLE mailboxes ADD COLUMN quota_regime INTEGER NOT NULL DEFAULT 1;
-- Replaces the kind's daily sending limit (500 gmail.com, 2,000 Workspace) when set.
ALTER TABLE mailboxes ADD COLUMN daily_limit INTEGER NULL;
-- The per-minute units token bucket: units left when last charged, and when (Unix ms). NULL: never charged, full.
ALTER TABLE mailboxes ADD COLUMN quota_tokens REAL NULL;
ALTER TABLE mailboxes ADD COLUMN quota_updated_at INTEGER NULL;
-- Pacing: no send of the mailbox before this instant.
ALTER TABLE mailboxes ADD COLUMN next_send_at INTEGER NULL;

-- Messages the user sent from the mailbox without Nudge, seen in its history: they count toward the daily limit.
CREATE TABLE manual_sends (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id),
  gmail_message_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  UNIQUE (mailbox_id, gmail_message_id)
);

CREATE INDEX ix_manual_sends_window ON manual_sends (mailbox_id, sent_at);

-- "How many sends did this mailbox reserve in the last 24 hours?": Sending, Sent and Ambiguous rows.
CREATE INDEX ix_outbox_quota_window ON outbox (mailbox_id, reserved_at) WHERE state IN (0, 1, 3);
