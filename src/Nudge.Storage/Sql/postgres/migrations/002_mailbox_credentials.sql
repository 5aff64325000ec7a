-- Mailboxes that sign in: their kind (which sets the daily limit), whether the worker may use them, and their
-- credential, encrypted by Nudge before it reaches the database (the store never sees a refresh token in clear).
-- Rows from before this migration were sandbox mailboxes with a static token (kind 2).

ALTER TABLE mailboxes
  ADD COLUMN kind integer NOT NULL DEFAULT 2,
  -- 0 active, 1 paused (Google refused the sign-in): a paused mailbox's enrollments are neither claimed nor changed.
  ADD COLUMN status integer NOT NULL DEFAULT 0,
  ADD COLUMN paused_reason text NULL,
  ADD COLUMN paused_at bigint NULL,
  ADD COLUMN credential_ciphertext text NULL,
  ADD COLUMN token_url text NULL;

-- "How many did this mailbox send in the last 24 hours?" against its daily limit.
CREATE INDEX ix_outbox_mailbox_sent ON outbox (mailbox_id, sent_at) WHERE state = 1;
