package io.invoiceroutes.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.api.RateBudget;
import io.invoiceroutes.store.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pipeline's own meters beside Camel's (states, admission, credits, 429s and retries, reactions, quarantines,
 * pages charged, review rows, extraction and delivery times), fed by the ledger's committed events off the workers' path.
 */
public class OpsMeters implements Consumer<Ledger.LedgerEvent> {
    static final List<String> RATE_GROUPS = List.of("uploads", "status", "writes", "reads");
    static final List<String> ERROR_CLASSES = List.of("credits", "encrypted", "rate-limited", "rejected", "prompt", "failed");

    private final MeterRegistry registry;
    private final StatusQueries queries;
    private final Ledger ledger;
    private final ApiProbe probe;
    private final RateBudget budget;
    private final int maxInFlight;
    private final long refreshMs;
    private final Path outbox;
    private final BoundedCalls calls;
    private final ObjectMapper json = new ObjectMapper();
    private final ThreadPoolExecutor async = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "ops-meters");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
    private Counter pagesCharged;
    private Counter reviewRows;
    private Timer extractionDuration;
    private Timer completionToDelivery;
    private volatile Snapshot snapshot;

    /** Counts read from the job store at most every refresh period (a scrape costs at most a few queries). */
    private record Snapshot(long at, Map<String, Long> files, Map<String, Long> batches, long inFlight, Integer learntLimit) {
    }

    public OpsMeters(MeterRegistry registry, StatusQueries queries, Ledger ledger, ApiProbe probe, RateBudget budget,
                     int maxInFlight, long refreshMs, String workDir, BoundedCalls calls) {
        this.calls = calls;
        this.registry = registry;
        this.queries = queries;
        this.ledger = ledger;
        this.probe = probe;
        this.budget = budget;
        this.maxInFlight = maxInFlight;
        this.refreshMs = refreshMs;
        this.outbox = Path.of(workDir).toAbsolutePath().normalize().resolve("outbox");
    }

    /** Registers every meter (once, at start) and starts listening to the ledger. */
    public OpsMeters bind() {
        for (String state : StatusQueries.FILE_STATES) {
            Gauge.builder("invoice.files", this, m -> m.count(m.snapshot().files(), state)).tag("state", state)
                    .description("invoice files in the job store by state").register(registry);
        }
        for (String state : StatusQueries.BATCH_STATES) {
            Gauge.builder("invoice.batches", this, m -> m.count(m.snapshot().batches(), state)).tag("state", state)
                    .description("batches in the job store by state").register(registry);
        }
        Gauge.builder("invoice.extractions.in.flight", this, m -> m.snapshot().files() == null ? Double.NaN : m.snapshot().inFlight())
                .description("extractions running at the API (SUBMITTING, SUBMITTED, QUESTIONS), across instances").register(registry);
        Gauge.builder("invoice.extractions.limit", this, m -> maxInFlight).tag("kind", "configured")
                .description("extractions admission lets run at once").register(registry);
        Gauge.builder("invoice.extractions.limit", this, m -> m.snapshot().learntLimit() == null ? maxInFlight
                        : Math.min(maxInFlight, m.snapshot().learntLimit())).tag("kind", "effective")
                .description("the limit admission works with now (lower after CONCURRENT_TASK_LIMIT)").register(registry);
        Gauge.builder("invoice.credits.usable", probe, p -> p.last() == null || p.last().usable() == null ? Double.NaN
                        : p.last().usable()).description("usable credits (balance - reserved) at the last balance probe")
                .register(registry);
        for (String group : RATE_GROUPS) {
            FunctionCounter.builder("invoice.api.rate.limited", budget, b -> b.rateLimitedCount(group)).tag("group", group)
                    .description("429 answers per rate-limit group").register(registry);
        }
        for (String group : concat(RATE_GROUPS, "storage")) {
            FunctionCounter.builder("invoice.api.retries", budget, b -> b.retriedCount(group)).tag("group", group)
                    .description("API and storage calls sent again after a transient failure, per rate group").register(registry);
        }
        for (String errorClass : ERROR_CLASSES) {
            quarantined(errorClass);
        }
        pagesCharged = Counter.builder("invoice.pages.charged")
                .description("pages charged (credits_deducted) by completed extractions").register(registry);
        reviewRows = Counter.builder("invoice.review.rows").description("delivered rows that need review").register(registry);
        extractionDuration = Timer.builder("invoice.extraction.duration").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(2))
                .description("from submit to the completed status, per batch").register(registry);
        completionToDelivery = Timer.builder("invoice.completion.to.delivery").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(1))
                .description("from the completed status to the batch delivered").register(registry);
        ledger.listen(this);
        return this;
    }

    @Override
    public void accept(Ledger.LedgerEvent e) {
        String event = e.event();
        if (event.startsWith("quarantined:")) {
            quarantined(event.substring("quarantined:".length())).increment();
        } else if ("retry-later".equals(event)) {
            Counter.builder("invoice.retry.later").tag("stage", e.stage())
                    .description("batches put back to wait after a transient failure, per stage").register(registry).increment();
        } else if ("resubmit".equals(event)) {
            String detail = e.detail() == null ? "" : e.detail();
            String code = detail.split("[:\\s]", 2)[0];
            Counter.builder("invoice.extractions.resubmits").tag("code", code.isBlank() ? "unknown" : code)
                    .description("extractions submitted again, by the code that ended the attempt").register(registry).increment();
        } else if ("extraction completed".equals(event) && e.batchId() != null) {
            async.execute(() -> completed(e.batchId()));
        } else if ("delivered-batch".equals(event) && e.batchId() != null) {
            async.execute(() -> delivered(e.batchId()));
        }
    }

    private void completed(String batchId) {
        try {
            String status = queries.finalStatus(batchId);
            if (status != null) {
                JsonNode node = json.readTree(status);
                pagesCharged.increment(node.path("credits_deducted").asDouble(0));
            }
            Long ms = queries.millisBetween(batchId, "submitted", "extraction completed");
            if (ms != null) {
                extractionDuration.record(Duration.ofMillis(ms));
            }
        } catch (Exception ignored) {
            // a meter never fails anything; the job store keeps the truth
        }
    }

    private void delivered(String batchId) {
        try {
            Long ms = queries.millisBetween(batchId, "extraction completed", "delivered-batch");
            if (ms != null) {
                completionToDelivery.record(Duration.ofMillis(ms));
            }
            Path review = outbox.resolve(batchId).resolve("review.json");
            if (Files.isRegularFile(review)) {
                reviewRows.increment(json.readTree(review.toFile()).path("count").asDouble(0));
            }
        } catch (Exception ignored) {
            // as above
        }
    }

    private Counter quarantined(String errorClass) {
        return Counter.builder("invoice.files.quarantined").tag("class", errorClass)
                .description("files moved to errors/<class>/").register(registry);
    }

    private double count(Map<String, Long> counts, String state) {
        return counts == null ? Double.NaN : counts.getOrDefault(state, 0L);
    }

    private synchronized Snapshot snapshot() {
        Snapshot s = snapshot;
        long now = System.nanoTime() / 1_000_000;
        if (s == null || now - s.at() >= refreshMs) {
            try {
                s = calls.call(() -> new Snapshot(now, queries.fileStates(), queries.batchStates(), queries.inFlight(),
                        ledger.learntAccountLimit()));
            } catch (Exception e) {
                // the job store does not answer: the counts are unknown until it does
                s = new Snapshot(now, null, null, 0, null);
            }
            snapshot = s;
        }
        return s;
    }

    private static List<String> concat(List<String> list, String more) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(more)).toList();
    }

    /** Stops the thread that works out durations and pages. */
    public void close() {
        async.shutdownNow();
    }
}
