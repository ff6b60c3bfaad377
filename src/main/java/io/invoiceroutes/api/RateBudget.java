package io.invoiceroutes.api;

import io.invoiceroutes.store.RateGrants;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every instance sharing the job store under each of the API key's per-minute limits, together: a request of
 * a group takes a token; tokens come in blocks from the job store ({@link RateGrants}), granted only while the
 * grants of the last minute (plus the time a token may wait unused and a margin for network jitter) stay within
 * the group's share of its published limit. Blocks are sized to the requests waiting, so a busy group costs one
 * database round trip per block, not per request; unused tokens lapse. After a 429, no instance sends a request of
 * that group before its Retry-After has passed.
 */
public class RateBudget {
    /** How long granted tokens may wait for their request before they lapse, in ms. */
    static final long HOLD_MS = 500;
    /** Room for the spread of network delays between this client and the API's clock, in ms. */
    static final long MARGIN_MS = 500;
    static final long WINDOW_MS = 60_000 + HOLD_MS + MARGIN_MS;

    private final RateGroups groups;
    private final RateGrants grants;
    private final Map<String, Group> byName = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> retried = new ConcurrentHashMap<>();

    public RateBudget(RateGroups groups, RateGrants grants) {
        this.groups = groups;
        this.grants = grants;
    }

    /** Waits until a request of {@code group} may be sent, and counts it. */
    public void acquire(String group) throws InterruptedException {
        group(group).acquire();
    }

    /** The API answered 429: nothing of this group goes out, from any instance, for {@code retryAfterSeconds} (at least 1). */
    public void rateLimited(String group, Long retryAfterSeconds) {
        long ms = (retryAfterSeconds == null ? 1 : Math.max(1, retryAfterSeconds)) * 1000L + 250L;
        group(group).block(ms);
        grants.block(group, ms);
    }

    /** How long a request of {@code group} sent now would wait for a 429's cool-down (0 when none is running here). */
    public long waitMs(String group) {
        Group g = byName.get(group);
        return g == null ? 0 : g.blockedForMs();
    }

    /** Requests of the group sent so far by this instance. */
    public long sent(String group) {
        Group g = byName.get(group);
        return g == null ? 0 : g.sent.get();
    }

    /** 429s of the group this instance received. */
    public long rateLimitedCount(String group) {
        Group g = byName.get(group);
        return g == null ? 0 : g.limited.get();
    }

    /** A failed call of {@code group} ("storage" for presigned URLs) is sent again after its delay. */
    public void retried(String group) {
        retried.computeIfAbsent(group, g -> new AtomicLong()).incrementAndGet();
    }

    /** How many calls of {@code group} this instance sent again after a transient failure. */
    public long retriedCount(String group) {
        AtomicLong n = retried.get(group);
        return n == null ? 0 : n.get();
    }

    private Group group(String name) {
        return byName.computeIfAbsent(name, n -> new Group(n, groups.perMinute(n)));
    }

    /** One rate group on this instance: the tokens in hand, until when they last, and a cool-down after a 429. */
    private final class Group {
        private final String name;
        private final int cap;
        private final AtomicInteger waiting = new AtomicInteger();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong limited = new AtomicLong();
        private int tokens;
        private long tokensUntil;
        private long blockedUntil;

        Group(String name, int cap) {
            this.name = name;
            this.cap = cap;
        }

        void acquire() throws InterruptedException {
            waiting.incrementAndGet();
            try {
                take();
            } finally {
                waiting.decrementAndGet();
            }
            sent.incrementAndGet();
        }

        private synchronized void take() throws InterruptedException {
            while (true) {
                long now = now();
                if (now < blockedUntil) {
                    wait(blockedUntil - now);
                    continue;
                }
                if (tokens > 0 && now < tokensUntil) {
                    tokens--;
                    return;
                }
                // a block for everyone waiting now (at most a twentieth of the cap), asked for on this thread
                RateGrants.Grant grant = grants.grant(name, cap, Math.min(Math.max(1, cap / 20), waiting.get()), WINDOW_MS);
                if (grant.tokens() > 0) {
                    tokens = grant.tokens();
                    tokensUntil = now() + HOLD_MS;
                } else {
                    blockedUntil = now() + Math.max(10, Math.min(grant.retryInMs(), 5_000));
                }
            }
        }

        synchronized void block(long ms) {
            limited.incrementAndGet();
            tokens = 0;
            blockedUntil = Math.max(blockedUntil, now() + ms);
        }

        synchronized long blockedForMs() {
            return Math.max(0, blockedUntil - now());
        }

        private static long now() {
            return System.nanoTime() / 1_000_000;
        }
    }
}
