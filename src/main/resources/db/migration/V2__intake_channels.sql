-- Intake channels (SFTP, mailbox): what each channel has already delivered into the inbox, so a restart
-- never fetches a remote file or a message twice. The layout is the one camel-sql's JdbcMessageIdRepository
-- reads and writes (processorName = the channel, messageId = the file or message key), with longer keys than
-- its built-in CREATE (file name + time stamp + size, or a Message-ID, can exceed 100 characters).
-- Written to run unchanged on H2 and PostgreSQL.

CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1000) NOT NULL,
    createdAt     TIMESTAMP     NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
