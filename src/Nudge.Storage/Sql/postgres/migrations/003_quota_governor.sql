-- The quota governor's state, on the mailbox row so that every worker draws from one budget (GMAIL-FACTS §3).
-- Concurrent workers serialise on the row: the bucket charge and the send slot are each one conditional UPDATE.

ALTER TABLE mailboxes
  -- 0 legacy (15,000 units per user per minute), 1 the May 2026 regime (6,000): a project created today is 1.
  ADD COLUMN quota_regime integer NOT NULL DEFAULT 1,
  -- Replaces the kind's daily sending limit (500 gmail.com, 2,000 Workspace) when set.
  ADD COLUMN daily_limit integer NULL,
  -- The per-minute units token bucket: units left when last charged, and when (Unix ms). NULL: never charged, full.
  ADD COLUMN quota_tokens double precision NULL,
  ADD COLUMN quota_updated_at bigint NULL,
  -- Pacing: no send of the mailbox before this instant.
  ADD COLUMN next_send_at bigint NULL;

-- Messages the user sent from the mailbox without Nudge, seen in its history: they count toward the daily limit.
CREATE TABLE manual_sends (
  mailbox_id bigint NOT NULL REFERENCES mailboxes (id),
  gmail_message_id text NOT NULL,
  sent_at bigint NOT NULL,
  UNIQUE (mailbox_id, gmail_message_id)
);

CREATE INDEX ix_manual_sends_window ON manual_sends (mailbox_id, sent_at);

-- "How many sends did this mailbox reserve in the last 24 hours?": Sending, Sent and Ambiguous rows.
CREATE INDEX ix_outbox_quota_window ON outbox (mailbox_id, reserved_at) WHERE state IN (0, 1, 3);
