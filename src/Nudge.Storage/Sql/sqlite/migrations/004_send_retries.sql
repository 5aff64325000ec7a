-- Failed attempts at an enrollment's current step, for backoff: a step Gmail refused for a while (429, 5xx before
-- anything was stored) is tried again later, each time after a longer wait, until it succeeds or gives up.
ALTER TABLE enrollments ADD COLUMN attempts integer NOT NULL DEFAULT 0;
