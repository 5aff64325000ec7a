-- Issue 7: the dashboard's accounts, the API keys, and webhooks out.

-- Dashboard accounts; the first is made by the first-run setup. The hash is ASP.NET Core Identity's (PBKDF2, salted),
-- never the password.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- API keys: only the SHA-256 of a key is kept (a key is 256 random bits, so a fast hash is enough); its first
-- characters tell keys apart in lists. A revoked key stays listed.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NULL,
  revoked_at INTEGER NULL
);

-- Webhooks out: which enrollment events (replied, bounced, unsubscribed, completed, failed) go to which URL, signed
-- with the webhook's secret. cursor_event_id is the last event considered, so that each event is delivered once.
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  cursor_event_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER NULL
);

-- Each delivery and its attempts: pending (0), delivered (1), given up (2).
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks (id),
  event_id INTEGER NOT NULL,
  event_kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  state integer NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_status integer NULL,
  last_error TEXT NULL,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER NULL,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 0;
