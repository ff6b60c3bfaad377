-- Delivery per channel: one row per batch and delivery target (the review endpoint, the sql or webhook channel, or
-- one file of the sftp channel), written by the Ledger with its job_event, so a target that succeeded is never run
-- again when another one fails and the paid batch waits to retry. Runs unchanged on H2 and PostgreSQL.

CREATE TABLE delivery_step (
    batch_id     VARCHAR(64)   NOT NULL,
    -- 'review', 'sql', 'webhook' or 'sftp:<file name>'
    target       VARCHAR(300)  NOT NULL,
    channel      VARCHAR(32)   NOT NULL,
    -- the idempotency key the receiver sees (X-Invoice-Delivery-Id): the same on every attempt of this target
    delivery_id  VARCHAR(64)   NOT NULL,
    -- DELIVERED; FAILED (tried again with the batch later); DEAD_LETTERED (refused for good, kept in errors/)
    state        VARCHAR(32)   NOT NULL,
    attempts     INTEGER       DEFAULT 0 NOT NULL,
    detail       VARCHAR(2000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (batch_id, target)
);
