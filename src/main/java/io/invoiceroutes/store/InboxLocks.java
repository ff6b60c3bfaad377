package io.invoiceroutes.store;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shared inbox's read lock in the job store: one row per file being taken (CAMEL_MESSAGEPROCESSED, processor
 * {@code inbox}), kept alive by its holder and treated as orphaned once older than the max age, so a crashed
 * holder's file is taken by another instance.
 * <p>
 * Every grant is one atomic statement, never a look followed by a write: either the INSERT succeeds (the primary
 * key refuses a second one) or a conditional UPDATE takes over a row whose keep-alive stopped ({@code createdAt}
 * older than the max age; of two instances trying, the database lets only one update count). camel-sql's
 * {@code JdbcOrphanLockAwareIdempotentRepository} checks for a live row, then for any row, then inserts or updates:
 * two instances listing the same file could both pass the first check and the second one then "took over" the
 * first one's fresh row by updating it, so both staged the file.
 */
public class InboxLocks extends ServiceSupport implements IdempotentRepository {
    private static final Logger LOG = LoggerFactory.getLogger(InboxLocks.class);

    private final JdbcTemplate jdbc;
    private final String processorName;
    private final CamelContext context;
    private final long lockMaxAgeMillis;
    private final long keepAliveMillis;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService keepAlive;

    public InboxLocks(DataSource dataSource, String processorName, CamelContext context,
                      long lockMaxAgeMillis, long keepAliveMillis) {
        if (lockMaxAgeMillis <= keepAliveMillis) {
            throw new IllegalArgumentException("the inbox lock max age must exceed its keep-alive interval");
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.processorName = processorName;
        this.context = context;
        this.lockMaxAgeMillis = lockMaxAgeMillis;
        this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public boolean add(String key) {
        boolean granted;
        try {
            granted = jdbc.update("insert into CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) values (?, ?, CURRENT_TIMESTAMP)",
                    processorName, key) == 1;
        } catch (DataIntegrityViolationException taken) {
            // a row exists: ours only if its holder stopped refreshing it (dead instance); ages on the database's clock
            granted = jdbc.update("update CAMEL_MESSAGEPROCESSED set createdAt = CURRENT_TIMESTAMP where processorName = ?"
                    + " and messageId = ? and createdAt < CURRENT_TIMESTAMP - CAST(? AS BIGINT) * INTERVAL '0.001' SECOND",
                    processorName, key, lockMaxAgeMillis) == 1;
            if (granted) {
                LOG.info("Took over the orphaned inbox lock on {}", key);
            }
        }
        if (granted) {
            held.add(key);
        }
        return granted;
    }

    @Override
    public boolean contains(String key) {
        Integer n = jdbc.queryForObject("select count(*) from CAMEL_MESSAGEPROCESSED where processorName = ? and messageId = ?"
                + " and createdAt >= CURRENT_TIMESTAMP - CAST(? AS BIGINT) * INTERVAL '0.001' SECOND",
                Integer.class, processorName, key, lockMaxAgeMillis);
        return n != null && n > 0;
    }

    @Override
    public boolean remove(String key) {
        // stop refreshing first: a row left behind by a failed delete then ages out like a dead holder's
        held.remove(key);
        return jdbc.update("delete from CAMEL_MESSAGEPROCESSED where processorName = ? and messageId = ?", processorName, key) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        for (String key : new ArrayList<>(held)) {
            remove(key);
        }
    }

    /** The keys this instance holds now (refreshed every keep-alive). */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    void refresh() {
        List<String> keys = new ArrayList<>(held);
        if (keys.isEmpty()) {
            return;
        }
        try {
            List<Object[]> args = new ArrayList<>();
            for (String key : keys) {
                args.add(new Object[] {processorName, key});
            }
            jdbc.batchUpdate("update CAMEL_MESSAGEPROCESSED set createdAt = CURRENT_TIMESTAMP where processorName = ? and messageId = ?", args);
        } catch (RuntimeException e) {
            LOG.warn("Could not refresh {} inbox lock(s): {}", keys.size(), e.getMessage());
        }
    }

    @Override
    protected void doStart() {
        if (keepAlive == null) {
            keepAlive = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "InboxLocksKeepAlive");
            keepAlive.scheduleWithFixedDelay(this::refresh, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        if (keepAlive != null) {
            context.getExecutorServiceManager().shutdownNow(keepAlive);
            keepAlive = null;
        }
    }
}
