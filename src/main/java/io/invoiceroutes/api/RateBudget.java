package io.invoiceroutes.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this client under each of the API's per-minute limits: a request of a group waits until the last minute
 * (plus a second of margin for network jitter) holds fewer than the group's share of its published limit, and
 * after a 429 no request of that group goes out before its Retry-After has passed.
 */
public class RateBudget {
    static final long WINDOW_MS = 61_000;
    private final RateGroups groups;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateBudget(RateGroups groups) {
        this.groups = groups;
    }

    /** Waits until a request of {@code group} may be sent, and counts it. */
    public void acquire(String group) throws InterruptedException {
        windows.computeIfAbsent(group, g -> new Window(groups.perMinute(g))).acquire();
    }

    /** How long a request of {@code group} sent now would wait (0 when it may go at once). */
    public long waitMs(String group) {
        Window w = windows.get(group);
        return w == null ? 0 : w.waitMs();
    }

    /** The API answered 429: nothing of this group goes out for {@code retryAfterSeconds} (at least one second). */
    public void rateLimited(String group, Long retryAfterSeconds) {
        count(rateLimited, group);
        long seconds = retryAfterSeconds == null ? 1 : Math.max(1, retryAfterSeconds);
        windows.computeIfAbsent(group, g -> new Window(groups.perMinute(g))).block(seconds * 1000L + 250L);
    }

    // --- counts for the operators' metrics (429s answered and calls retried, per group, since start) ---------
    private final Map<String, java.util.concurrent.atomic.AtomicLong> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> retried = new ConcurrentHashMap<>();

    /** A failed call of {@code group} ("storage" for presigned URLs) is sent again after its delay. */
    public void retried(String group) {
        count(retried, group);
    }

    /** How many 429s the API answered to calls of {@code group} since start. */
    public long rateLimitedCount(String group) {
        java.util.concurrent.atomic.AtomicLong n = rateLimited.get(group);
        return n == null ? 0 : n.get();
    }

    /** How many calls of {@code group} were sent again after a transient failure since start. */
    public long retriedCount(String group) {
        java.util.concurrent.atomic.AtomicLong n = retried.get(group);
        return n == null ? 0 : n.get();
    }

    private static void count(Map<String, java.util.concurrent.atomic.AtomicLong> counts, String group) {
        counts.computeIfAbsent(group == null ? "reads" : group, g -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    /** The requests of one group sent in the last window, oldest first, and until when the group is blocked. */
    private static final class Window {
        private final int cap;
        private final Deque<Long> sent = new ArrayDeque<>();
        private long blockedUntil;

        Window(int cap) {
            this.cap = cap;
        }

        synchronized void acquire() throws InterruptedException {
            while (true) {
                long now = System.nanoTime() / 1_000_000;
                while (!sent.isEmpty() && sent.peekFirst() <= now - WINDOW_MS) {
                    sent.pollFirst();
                }
                long waitMs = Math.max(blockedUntil - now, sent.size() < cap ? 0 : sent.peekFirst() + WINDOW_MS - now);
                if (waitMs <= 0) {
                    sent.addLast(now);
                    return;
                }
                wait(Math.max(1, waitMs));
            }
        }

        synchronized long waitMs() {
            long now = System.nanoTime() / 1_000_000;
            while (!sent.isEmpty() && sent.peekFirst() <= now - WINDOW_MS) {
                sent.pollFirst();
            }
            return Math.max(0, Math.max(blockedUntil - now, sent.size() < cap ? 0 : sent.peekFirst() + WINDOW_MS - now));
        }

        synchronized void block(long ms) {
            blockedUntil = Math.max(blockedUntil, System.nanoTime() / 1_000_000 + ms);
        }
    }
}
