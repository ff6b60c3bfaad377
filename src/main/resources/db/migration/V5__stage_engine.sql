-- The stage engine: every time a lease, an age or a due time is compared with is the database's own clock
-- (CURRENT_TIMESTAMP), stored with its time zone so instances in different zones agree; work can wait for a
-- due time (not_before) in its state; the poll deadline, the API's progress and the resubmissions of a batch
-- are stored; one row per cluster-wide lock (admission of extractions, rate budgets). Runs on H2 and PostgreSQL.

ALTER TABLE batch ALTER COLUMN lease_until SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE batch ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE batch ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE invoice_file ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE invoice_file ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE file_part ALTER COLUMN uploaded_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE job_event ALTER COLUMN at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE CAMEL_MESSAGEPROCESSED ALTER COLUMN createdAt SET DATA TYPE TIMESTAMP WITH TIME ZONE;

-- work in this state waits until then (a retry after a transient failure, a resubmission's pause, paused
-- submissions, the next status check of a running extraction)
ALTER TABLE batch ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
-- transient failures in a row in the current state (the backoff grows with them; a state change resets it)
ALTER TABLE batch ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
-- the overall deadline of the running extraction, set at submit; past it the extraction is cancelled at the API
ALTER TABLE batch ADD COLUMN deadline_at TIMESTAMP WITH TIME ZONE;
-- the API's progress (0..100) of the running extraction, and when questions must be answered by
ALTER TABLE batch ADD COLUMN progress INTEGER;
ALTER TABLE batch ADD COLUMN answer_by TIMESTAMP WITH TIME ZONE;
-- resubmissions after retryable extraction failures, and the code of every failed attempt in order
ALTER TABLE batch ADD COLUMN resubmits INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE batch ADD COLUMN attempt_codes VARCHAR(2000);
-- a cancellation the engine asked the API for (deadline, operator) and when
ALTER TABLE batch ADD COLUMN cancel_reason VARCHAR(32);
ALTER TABLE batch ADD COLUMN cancel_requested_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_batch_due ON batch (state, not_before);

-- the SHA-256 of each accepted file's bytes, so the same invoice is never extracted (and charged) twice
ALTER TABLE invoice_file ADD COLUMN content_sha256 VARCHAR(64);
CREATE INDEX ix_file_sha ON invoice_file (content_sha256);

-- cluster-wide locks: one row each, taken with SELECT ... FOR UPDATE inside the transaction that needs it.
-- 'admission' also keeps the account's learnt extraction limit (after CONCURRENT_TASK_LIMIT) and when it was learnt.
CREATE TABLE cluster_lock (
    name           VARCHAR(64) NOT NULL PRIMARY KEY,
    limit_estimate INTEGER,
    estimated_at   TIMESTAMP WITH TIME ZONE,
    blocked_until  TIMESTAMP WITH TIME ZONE
);
INSERT INTO cluster_lock (name) VALUES ('admission');
-- 'ingest' serialises the content check of accepted files (the same bytes are never accepted twice at once)
INSERT INTO cluster_lock (name) VALUES ('ingest');
