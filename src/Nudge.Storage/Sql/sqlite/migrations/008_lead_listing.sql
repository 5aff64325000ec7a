-- Issue 7: the dashboard's leads are a store query over every enrollment (a million at our benchmark's scale).
-- The sequence filter and the filter's list of sequence names read this index instead of every enrollment (the list
-- seeks once per name), and a count by sequence and status is an index-only scan on PostgreSQL. The rest of the
-- listing walks the primary key newest first; a search inside addresses cannot use a B-tree index in either database.
CREATE INDEX ix_enrollments_sequence ON enrollments (sequence_name, status);
