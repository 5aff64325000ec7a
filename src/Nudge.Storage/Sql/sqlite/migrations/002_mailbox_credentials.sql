-- Mailboxes that sign in: their kind (which sets the daily limit), whether the worker may use them, and their
-- credential, encrypted by Nudge before it reaches the database (the store never sees a refresh token in clear).
-- Rows from before this migration were sandbox mailboxes with a static token (kind 2).

ALTER TABLE mailboxes ADD COLUMN kind INTEGER NOT NULL DEFAULT 2;
-- 0 active, 1 paused (Google refused the sign-in): a paused mailbox's enrollments are neither claimed nor changed.
ALTER TABLE mailboxes ADD COLUMN status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN paused_reason TEXT NULL;
ALTER TABLE mailboxes ADD COLUMN paused_at INTEGER NULL;
ALTER TABLE mailboxes ADD COLUMN credential_ciphertext TEXT NULL;
ALTER TABLE mailboxes ADD COLUMN token_url TEXT NULL;

-- "How many did this mailbox send in the last 24 hours?" against its daily limit.
CREATE INDEX ix_outbox_mailbox_sent ON outbox (mailbox_id, sent_at) WHERE state = 1;
