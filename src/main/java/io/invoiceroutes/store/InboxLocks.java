package io.invoiceroutes.store;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DataIntegrityViolationException;

import javax.sql.DataSource;

/**
 * The shared inbox's read lock in the job store: one row per file being taken (CAMEL_MESSAGEPROCESSED), kept
 * alive by its holder and treated as orphaned once older than the max age, so a crashed holder's file is taken
 * by another instance. Two instances inserting the same key at once: the loser simply does not get the lock.
 */
public class InboxLocks extends JdbcOrphanLockAwareIdempotentRepository {

    public InboxLocks(DataSource dataSource, String processorName, CamelContext context,
                      long lockMaxAgeMillis, long keepAliveMillis) {
        super(dataSource, processorName, context);
        setLockMaxAgeMillis(lockMaxAgeMillis);
        setLockKeepAliveIntervalMillis(keepAliveMillis);
        // the table comes from the migrations (V2), never from the repository's own CREATE
        setCreateTableIfNotExists(false);
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DataIntegrityViolationException another) {
            return false;
        }
    }
}
