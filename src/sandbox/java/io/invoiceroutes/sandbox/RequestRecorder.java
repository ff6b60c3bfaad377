package io.invoiceroutes.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe record of every request the sandbox saw, the counts per operationId, the contract violations and the
 * {@link Timeline} of extractions and rate groups.
 */
public final class RequestRecorder {
    private static final int MAX = 20_000;

    /** One request as seen on the wire; the Authorization value is masked. */
    public record RecordedRequest(Instant time, String method, String path, String query,
                                  Map<String, List<String>> headers, int status, String operationId) {
    }

    /** A way the client broke the contract (or the sandbox's own response failed its self-check). */
    public record Violation(Instant time, String kind, String message, String method, String path) {
    }

    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Timeline timeline = new Timeline();

    public synchronized void record(RecordedRequest r) {
        if (requests.size() >= MAX) {
            requests.remove(0);
        }
        requests.add(r);
        if (r.operationId() != null) {
            counts.merge(r.operationId(), 1, Integer::sum);
        }
    }

    public synchronized void violation(String kind, String message, String method, String path) {
        if (violations.size() >= MAX) {
            violations.remove(0);
        }
        violations.add(new Violation(Instant.now(), kind, message, method, path));
    }

    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    public synchronized List<Violation> violations(String kind) {
        return violations.stream().filter(v -> v.kind().equals(kind)).toList();
    }

    public synchronized Map<String, Integer> counts() {
        return new TreeMap<>(counts);
    }

    public synchronized int count(String operationId) {
        return counts.getOrDefault(operationId, 0);
    }

    public Timeline timeline() {
        return timeline;
    }

    public synchronized void clear() {
        requests.clear();
        violations.clear();
        counts.clear();
        timeline.clear();
    }
}
