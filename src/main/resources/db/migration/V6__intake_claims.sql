-- Intake channels (SFTP, mailbox) claim a remote file or a message in the job store before they read it, so two
-- instances never take the same one: one row per item, the primary key refuses a second claim, and a claim whose
-- holder stopped renewing it (lease_until passed, on the database clock) may be taken over. The row then records
-- the outcome: DONE (in the inbox), FAILED (reported after max attempts), OPEN (released after a failure).
-- Written to run unchanged on H2 and PostgreSQL.

CREATE TABLE intake_claim (
    channel      VARCHAR(16)   NOT NULL,
    item_key     VARCHAR(500)  NOT NULL,
    claim_state  VARCHAR(16)   NOT NULL,
    claimed_by   VARCHAR(200),
    lease_until  TIMESTAMP WITH TIME ZONE,
    attempts     INTEGER       DEFAULT 0 NOT NULL,
    detail       VARCHAR(2000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (channel, item_key)
);
CREATE INDEX ix_claim_holder ON intake_claim (claimed_by, lease_until);

-- what the channels recorded before (CAMEL_MESSAGEPROCESSED, V2) was delivered: it stays delivered
INSERT INTO intake_claim (channel, item_key, claim_state, attempts, detail, created_at, updated_at)
    SELECT 'sftp', messageId, 'DONE', 0, 'recorded before V6', createdAt, createdAt
    FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'sftp-intake' AND LENGTH(messageId) <= 500;
INSERT INTO intake_claim (channel, item_key, claim_state, attempts, detail, created_at, updated_at)
    SELECT 'mail', messageId, 'DONE', 0, 'recorded before V6', createdAt, createdAt
    FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'mail-intake' AND LENGTH(messageId) <= 500;
