package io.invoiceroutes.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job store's side of the shared rate budget: grants blocks of tokens of a rate group while every instance's
 * grants within the window stay within the group's cap, and keeps a 429's cool-down for every instance. One short
 * transaction per block, serialised on the group's lock row, with the database's clock.
 */
public class RateGrants {
    /** A grant: tokens to use now, or (with none) how long to wait before asking again. */
    public record Grant(int tokens, long retryInMs) {
    }

    private static final String NOW = "CURRENT_TIMESTAMP";
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String instanceId;
    private final AtomicLong grants = new AtomicLong();

    public RateGrants(DataSource dataSource, String instanceId) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.instanceId = instanceId;
    }

    /** Up to {@code wanted} tokens of {@code group}, keeping the grants of the last {@code windowMs} within {@code cap}. */
    public Grant grant(String group, int cap, int wanted, long windowMs) {
        Grant grant = tx.execute(status -> {
            Map<String, Object> lock = Ledger.lowerKeys(jdbc.queryForMap("select case when blocked_until > " + NOW
                    + " then cast(extract(epoch from (blocked_until - " + NOW + ")) * 1000 as bigint) else 0 end as blocked_ms"
                    + " from cluster_lock where name = ? for update", "rate:" + group));
            long blockedMs = ((Number) lock.get("blocked_ms")).longValue();
            if (blockedMs > 0) {
                return new Grant(0, blockedMs);
            }
            Map<String, Object> window = Ledger.lowerKeys(jdbc.queryForMap("select coalesce(sum(tokens), 0) as used,"
                    + " cast(extract(epoch from (min(granted_at) + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND - " + NOW
                    + ")) * 1000 as bigint) as oldest_leaves_in from rate_grant where rate_group = ? and granted_at > " + NOW
                    + " - CAST(? AS BIGINT) * INTERVAL '0.001' SECOND", windowMs, group, windowMs));
            int available = cap - ((Number) window.get("used")).intValue();
            if (available <= 0) {
                Object leaves = window.get("oldest_leaves_in");
                return new Grant(0, Math.max(10, leaves instanceof Number n ? n.longValue() : 100));
            }
            int tokens = Math.min(available, Math.max(1, wanted));
            jdbc.update("insert into rate_grant (rate_group, granted_at, tokens, instance_id) values (?, " + NOW + ", ?, ?)",
                    group, tokens, instanceId);
            return new Grant(tokens, 0);
        });
        if (grants.incrementAndGet() % 500 == 0) {
            // grants far outside every window are history only
            jdbc.update("delete from rate_grant where granted_at < " + NOW + " - INTERVAL '10' MINUTE");
        }
        return grant;
    }

    /** A 429: no instance is granted tokens of this group for {@code ms}. */
    public void block(String group, long ms) {
        jdbc.update("update cluster_lock set blocked_until = case when blocked_until is null or blocked_until < " + NOW
                + " + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND then " + NOW + " + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND"
                + " else blocked_until end where name = ?", ms, ms, "rate:" + group);
    }
}
