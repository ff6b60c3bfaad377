package io.invoiceroutes.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crash-test hook: arms "hold" or "drop-response" for the next request of an operationId; the request is
 * processed, then its response is held (until released) or its connection dropped, and a future signals it.
 */
public final class HoldControl {
    /** What happened to a held request. */
    public record Held(String operationId, String action, int status, String method, String path) {
    }

    private record Armed(String action, AtomicInteger skip, CompletableFuture<Held> signal, CompletableFuture<Void> release) {
    }

    private final Map<String, Armed> armed = new LinkedHashMap<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Void>> releases = new LinkedHashMap<>();

    /** Arms the next request of {@code operationId}; the future completes once it has been processed. */
    public synchronized CompletableFuture<Held> arm(String operationId, String action) {
        return arm(operationId, action, 0);
    }

    /**
     * Arms the request of {@code operationId} that comes after {@code skip} others of it (skip 2 = the third);
     * storage requests use the operations {@code storagePut} and {@code storageGet}.
     */
    public synchronized CompletableFuture<Held> arm(String operationId, String action, int skip) {
        if (!action.equals("hold") && !action.equals("drop-response")) {
            throw new IllegalArgumentException("action must be hold or drop-response");
        }
        Armed a = new Armed(action, new AtomicInteger(Math.max(0, skip)), new CompletableFuture<>(), new CompletableFuture<>());
        armed.put(operationId, a);
        return a.signal();
    }

    /** Claims the armed action for this operation, or null. */
    synchronized String claim(String operationId, int status, String method, String path) {
        Armed a = armed.get(operationId);
        if (a == null) {
            return null;
        }
        if (a.skip().getAndDecrement() > 0) {
            return null;
        }
        armed.remove(operationId);
        Held h = new Held(operationId, a.action(), status, method, path);
        held.put(operationId, h);
        releases.put(operationId, a.release());
        a.signal().complete(h);
        return a.action();
    }

    /** Blocks (bounded, 10 minutes) until the held response of this operation is released. */
    void awaitRelease(String operationId) {
        CompletableFuture<Void> r;
        synchronized (this) {
            r = releases.get(operationId);
        }
        if (r != null) {
            try {
                r.get(10, TimeUnit.MINUTES);
            } catch (Exception ignored) {
                // time is up or interrupted: answer anyway
            }
        }
        synchronized (this) {
            held.remove(operationId);
            releases.remove(operationId);
        }
    }

    /** Forgets a request whose connection was dropped. */
    synchronized void dropped(String operationId) {
        held.remove(operationId);
        releases.remove(operationId);
    }

    /** Releases the held response of this operation. */
    public void release(String operationId) {
        CompletableFuture<Void> r;
        synchronized (this) {
            r = releases.get(operationId);
        }
        if (r != null) {
            r.complete(null);
        }
    }

    /** Releases every held response. */
    public void releaseAll() {
        Map<String, CompletableFuture<Void>> copy;
        synchronized (this) {
            copy = new LinkedHashMap<>(releases);
            armed.clear();
        }
        copy.values().forEach(f -> f.complete(null));
    }

    public synchronized Map<String, Held> held() {
        return Map.copyOf(held);
    }

    public synchronized Map<String, String> armed() {
        Map<String, String> m = new LinkedHashMap<>();
        armed.forEach((k, v) -> m.put(k, v.action()));
        return m;
    }
}
