-- Issue 7: the dashboard's accounts, the API keys, and webhooks out.

-- Dashboard accounts; the first is made by the first-run setup. The hash is ASP.NET Core Identity's (PBKDF2, salted),
-- never the password.
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at bigint NOT NULL
);

-- API keys: only the SHA-256 of a key is kept (a key is 256 random bits, so a fast hash is enough); its first
-- characters tell keys apart in lists. A revoked key stays listed.
CREATE TABLE api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  last_used_at bigint NULL,
  revoked_at bigint NULL
);

-- Webhooks out: which enrollment events (replied, bounced, unsubscribed, completed, failed) go to which URL, signed
-- with the webhook's secret. cursor_event_id is the last event considered, so that each event is delivered once.
CREATE TABLE webhooks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  events text NOT NULL,
  cursor_event_id bigint NOT NULL,
  created_at bigint NOT NULL,
  disabled_at bigint NULL
);

-- Each delivery and its attempts: pending (0), delivered (1), given up (2).
CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id bigint NOT NULL REFERENCES webhooks (id),
  event_id bigint NOT NULL,
  event_kind text NOT NULL,
  payload text NOT NULL,
  state integer NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at bigint NOT NULL,
  last_status integer NULL,
  last_error text NULL,
  created_at bigint NOT NULL,
  delivered_at bigint NULL,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 0;
