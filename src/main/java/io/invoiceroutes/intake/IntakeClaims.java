package io.invoiceroutes.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One channel's claims on remote files or messages in the job store (table {@code intake_claim}): an item is claimed
 * before a byte of it is read, by one atomic insert or by taking over a claim whose lease ran out, so two instances
 * never take the same item. A live holder renews its leases; the row then records the outcome.
 * <p>
 * As the consumers' idempotent repository: {@code add} claims, {@code contains} says "not for us now" (delivered, or
 * held by someone), {@code remove} and {@code confirm} release the lease. States: CLAIMED (being taken), OPEN
 * (released after a failure, attempts counted), DONE (delivered into the inbox), FAILED (given up and reported).
 * A DONE or FAILED item may be taken again when the channel says so (a remote file still to be moved away, a message
 * someone marked unread): the claim then keeps its state, so the route only finishes what is left.
 */
public class IntakeClaims extends ServiceSupport implements IdempotentRepository {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeClaims.class);
    private static final String NOW = "CURRENT_TIMESTAMP";
    private static final String PLUS_MS = " + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    /** Keys longer than this are stored as their SHA-256 (the column and its index stay small on any database). */
    static final int MAX_KEY = 500;
    private static final int MAX_DETAIL = 2000;

    /** One claim row, as the routes see it. */
    public record Claim(String state, int attempts, String detail) {
        public boolean finished() {
            return "DONE".equals(state) || "FAILED".equals(state);
        }
    }

    private final JdbcTemplate jdbc;
    private final String channel;
    private final String owner;
    private final long leaseMs;
    private final long renewMs;
    private final boolean retakeDone;
    private final boolean retakeFailed;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private CamelContext context;
    private ScheduledExecutorService keepAlive;

    /**
     * {@code owner}: this instance's name (a new one per start); {@code retakeDone}/{@code retakeFailed}: whether a
     * DONE or FAILED item listed again may be claimed again (to finish its remote clean-up, or to try again).
     */
    public IntakeClaims(DataSource dataSource, String channel, String owner, long leaseMs, long renewMs,
                        boolean retakeDone, boolean retakeFailed) {
        if (leaseMs <= renewMs) {
            throw new IllegalArgumentException("an intake claim's lease (" + leaseMs + " ms) must exceed its renewal"
                    + " interval (" + renewMs + " ms): invoice.intake.claim-seconds, invoice.intake.claim-renew-ms");
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.channel = channel;
        this.owner = owner;
        this.leaseMs = leaseMs;
        this.renewMs = renewMs;
        this.retakeDone = retakeDone;
        this.retakeFailed = retakeFailed;
    }

    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    /** The key as stored: as it is up to {@value #MAX_KEY} characters, else {@code sha256:<hex>} of it. */
    public static String keyOf(String key) {
        return key.length() <= MAX_KEY ? key : "sha256:" + sha256(key);
    }

    /** Claims {@code key} for this instance; false when another live instance holds it or it is finished for good. */
    @Override
    public boolean add(String key) {
        String k = keyOf(key);
        boolean claimed;
        try {
            claimed = jdbc.update("insert into intake_claim (channel, item_key, claim_state, claimed_by, lease_until, attempts,"
                    + " created_at, updated_at) values (?, ?, 'CLAIMED', ?, " + NOW + PLUS_MS + ", 0, " + NOW + ", " + NOW + ")",
                    channel, k, owner, leaseMs) == 1;
        } catch (DataIntegrityViolationException exists) {
            // one UPDATE decides: of two instances trying, the database lets only one count
            claimed = jdbc.update("update intake_claim set claimed_by = ?, lease_until = " + NOW + PLUS_MS + ", updated_at = " + NOW
                    + ", attempts = case when claim_state = 'FAILED' then 0 else attempts end,"
                    + " claim_state = case when claim_state = 'DONE' then 'DONE' else 'CLAIMED' end"
                    + " where channel = ? and item_key = ? and (lease_until is null or lease_until < " + NOW + ")"
                    + " and " + claimable(), owner, leaseMs, channel, k) == 1;
        }
        if (claimed) {
            held.add(k);
            LOG.debug("Claimed {} item {}", channel, k);
        }
        return claimed;
    }

    /** True when the item is not for this instance now: finished for good, or held by a live claim. */
    @Override
    public boolean contains(String key) {
        Integer free = jdbc.queryForObject("select count(*) from intake_claim where channel = ? and item_key = ?"
                + " and (lease_until is null or lease_until < " + NOW + ") and " + claimable(), Integer.class, channel, keyOf(key));
        Integer any = jdbc.queryForObject("select count(*) from intake_claim where channel = ? and item_key = ?",
                Integer.class, channel, keyOf(key));
        return any != null && any > 0 && (free == null || free == 0);
    }

    /** Releases this instance's claim after a failure: a claim being taken becomes OPEN (taken again at a later poll). */
    @Override
    public boolean remove(String key) {
        return release(key);
    }

    /** Releases the lease once the consumer has committed (flagged or moved the message); the state stays. */
    @Override
    public boolean confirm(String key) {
        return release(key);
    }

    @Override
    public void clear() {
        // claims are the channel's memory of what it delivered: never cleared wholesale
    }

    /** Ends this instance's lease on {@code key}: CLAIMED becomes OPEN, DONE and FAILED stay. */
    public boolean release(String key) {
        String k = keyOf(key);
        held.remove(k);
        return jdbc.update("update intake_claim set claim_state = case when claim_state = 'CLAIMED' then 'OPEN' else claim_state end,"
                + " lease_until = null, updated_at = " + NOW + " where channel = ? and item_key = ? and claimed_by = ?"
                + " and lease_until is not null", channel, k, owner) == 1;
    }

    /** The claim row of {@code key}, or null when there is none. */
    public Claim claim(String key) {
        List<Map<String, Object>> rows = jdbc.queryForList("select claim_state, attempts, detail from intake_claim"
                + " where channel = ? and item_key = ?", channel, keyOf(key));
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = lower(rows.get(0));
        return new Claim((String) row.get("claim_state"), ((Number) row.get("attempts")).intValue(), (String) row.get("detail"));
    }

    /** Records the item as delivered into the inbox ({@code detail}: where); false when this instance lost the claim. */
    public boolean done(String key, String detail) {
        return finish(key, "DONE", detail);
    }

    /** Records the item as given up (reported); false when this instance lost the claim. */
    public boolean failed(String key, String detail) {
        return finish(key, "FAILED", detail);
    }

    /** Counts one failed attempt at the item (with its reason) and returns the attempts so far. */
    public int attemptFailed(String key, String reason) {
        String k = keyOf(key);
        jdbc.update("update intake_claim set attempts = attempts + 1, detail = ?, updated_at = " + NOW
                + " where channel = ? and item_key = ? and claimed_by = ?", clip(reason), channel, k, owner);
        Claim claim = claim(key);
        return claim == null ? 1 : claim.attempts();
    }

    private boolean finish(String key, String state, String detail) {
        return jdbc.update("update intake_claim set claim_state = ?, detail = ?, updated_at = " + NOW
                + " where channel = ? and item_key = ? and claimed_by = ? and lease_until is not null",
                state, clip(detail), channel, keyOf(key), owner) == 1;
    }

    /** Which states may be claimed (besides an expired lease): a fixed choice of this channel, not a value. */
    private String claimable() {
        return "(claim_state in ('CLAIMED', 'OPEN')" + (retakeDone ? " or claim_state = 'DONE'" : "")
                + (retakeFailed ? " or claim_state = 'FAILED'" : "") + ")";
    }

    void renew() {
        List<String> keys = new ArrayList<>(held);
        if (keys.isEmpty()) {
            return;
        }
        try {
            List<Object[]> args = new ArrayList<>();
            for (String key : keys) {
                args.add(new Object[] {leaseMs, channel, key, owner});
            }
            jdbc.batchUpdate("update intake_claim set lease_until = " + NOW + PLUS_MS + " where channel = ? and item_key = ?"
                    + " and claimed_by = ? and lease_until is not null", args);
        } catch (RuntimeException e) {
            LOG.warn("Could not renew {} {} intake claim(s): {}", keys.size(), channel, e.getMessage());
        }
    }

    @Override
    protected void doStart() {
        if (keepAlive == null && context != null) {
            keepAlive = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, channel + "IntakeClaims");
            keepAlive.scheduleWithFixedDelay(this::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        if (keepAlive != null) {
            context.getExecutorServiceManager().shutdownNow(keepAlive);
            keepAlive = null;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL);
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> out = new java.util.HashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }
}
