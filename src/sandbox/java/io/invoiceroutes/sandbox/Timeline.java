package io.invoiceroutes.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe times for benchmarks: per extraction when it was submitted, became final, was first seen final by the
 * client and had its output first downloaded; per rate group the accepted request times and the 429s answered.
 */
public final class Timeline {
    private static final int MAX_EXTRACTIONS = 20_000;
    private static final int MAX_TIMES_PER_GROUP = 200_000;

    /**
     * One extraction's times; a time not reached yet is null. {@code firstLearnedAt} is the first status or answers
     * response that carried the final status, {@code firstOutputDownloadAt} the first successful GET of an output file.
     */
    public record ExtractionTimes(String extractionId, String submissionId, Instant submittedAt, Instant finalAt,
                                  String finalStatus, Instant firstLearnedAt, Instant firstOutputDownloadAt) {
    }

    private final Map<String, ExtractionTimes> extractions = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Long>> accepted = new TreeMap<>();
    private final Map<String, Integer> rateLimited = new TreeMap<>();

    synchronized void submitted(String extractionId, String submissionId, Instant at) {
        if (extractions.size() >= MAX_EXTRACTIONS) {
            Iterator<String> oldest = extractions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        extractions.put(extractionId, new ExtractionTimes(extractionId, submissionId, at, null, null, null, null));
    }

    synchronized void finalized(String extractionId, String status, Instant at) {
        ExtractionTimes t = extractions.get(extractionId);
        if (t != null && t.finalAt() == null) {
            extractions.put(extractionId, new ExtractionTimes(t.extractionId(), t.submissionId(), t.submittedAt(), at,
                    status, t.firstLearnedAt(), t.firstOutputDownloadAt()));
        }
    }

    /** A status or answers response carrying the final status goes to the client; only the first counts. */
    synchronized void learned(String extractionId, Instant at) {
        ExtractionTimes t = extractions.get(extractionId);
        if (t != null && t.finalAt() != null && t.firstLearnedAt() == null) {
            extractions.put(extractionId, new ExtractionTimes(t.extractionId(), t.submissionId(), t.submittedAt(),
                    t.finalAt(), t.finalStatus(), at, t.firstOutputDownloadAt()));
        }
    }

    /** One of its output files was downloaded in full; only the first counts. */
    synchronized void outputDownloaded(String extractionId, Instant at) {
        ExtractionTimes t = extractions.get(extractionId);
        if (t != null && t.firstOutputDownloadAt() == null) {
            extractions.put(extractionId, new ExtractionTimes(t.extractionId(), t.submissionId(), t.submittedAt(),
                    t.finalAt(), t.finalStatus(), t.firstLearnedAt(), at));
        }
    }

    /** The rate limiter accepted a request of this group. */
    synchronized void accepted(String group, long atMillis) {
        ArrayDeque<Long> times = accepted.computeIfAbsent(group, g -> new ArrayDeque<>());
        if (times.size() >= MAX_TIMES_PER_GROUP) {
            times.pollFirst();
        }
        times.addLast(atMillis);
    }

    /** A request of this group was answered 429, by the limiter or as an injected storm. */
    synchronized void rateLimited(String group) {
        rateLimited.merge(group, 1, Integer::sum);
    }

    /** Every extraction's times, in the order they were submitted. */
    public synchronized List<ExtractionTimes> extractions() {
        return List.copyOf(extractions.values());
    }

    /** The times of the requests the rate limiter accepted, per group, oldest first. */
    public synchronized Map<String, List<Instant>> acceptedRequests() {
        Map<String, List<Instant>> m = new TreeMap<>();
        accepted.forEach((g, times) -> m.put(g, times.stream().map(Instant::ofEpochMilli).toList()));
        return m;
    }

    /** The most accepted requests of the group within any sliding 60 seconds. */
    public synchronized int busiestMinute(String group) {
        ArrayDeque<Long> times = accepted.get(group);
        return times == null ? 0 : busiestMinute(new ArrayList<>(times));
    }

    /** The 429s answered per group (limiter refusals and injected storms). */
    public synchronized Map<String, Integer> rateLimitedCounts() {
        return new TreeMap<>(rateLimited);
    }

    /** The most times within any window of 60 seconds (a time exactly 60 s after another is in the next window). */
    static int busiestMinute(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int best = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= RateLimiter.WINDOW_MILLIS) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    synchronized void clear() {
        extractions.clear();
        accepted.clear();
        rateLimited.clear();
    }
}
