-- Operations: an operator can replay a quarantined file from the status page. The file goes back through the
-- inbox and becomes a new invoice_file row; replay_of links that row to the quarantined one, and file_replay
-- records each request (by the content's SHA-256, so ingest can recognise the bytes) until the new row is linked.
-- Written to run unchanged on H2 and PostgreSQL.

ALTER TABLE invoice_file ADD COLUMN replay_of VARCHAR(64);
CREATE INDEX ix_file_replay_of ON invoice_file (replay_of);

CREATE TABLE file_replay (
    file_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    content_sha256  VARCHAR(64),
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_by     VARCHAR(64),
    linked_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_replay_waiting ON file_replay (content_sha256, replayed_by);
