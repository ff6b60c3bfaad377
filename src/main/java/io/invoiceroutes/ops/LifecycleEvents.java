package io.invoiceroutes.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.invoiceroutes.store.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the ledger's committed events into lifecycle events (CloudEvents 1.0 JSON, named after their job_event row)
 * and queues them for the ops-lifecycle route, so a slow or failing endpoint never slows a stage worker.
 */
public class LifecycleEvents implements Consumer<Ledger.LedgerEvent> {
    /** The CloudEvents type prefix (reverse DNS of this project). */
    public static final String TYPE_PREFIX = "io.invoiceroutes.";
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEvents.class);

    private final boolean enabled;
    private final String queueUri;
    private final URI source;
    private final StatusQueries queries;
    private final Path workDir;
    private volatile MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();
    private final JsonFormat format = new JsonFormat();
    private org.apache.camel.CamelContext camelContext;
    private volatile ProducerTemplate template;

    public LifecycleEvents(String endpoint, String queueUri, String source, StatusQueries queries, String workDir) {
        this.enabled = endpoint != null && !endpoint.isBlank();
        this.queueUri = queueUri;
        this.source = URI.create(source == null || source.isBlank() ? "/invoice-extraction-routes" : source.trim());
        this.queries = queries;
        this.workDir = Path.of(workDir).toAbsolutePath().normalize();
    }

    /** The registry its counters (sent, failed, dropped) go to, once the metrics are up. */
    public void meters(MeterRegistry meters) {
        this.registry = meters;
        Counter.builder("invoice.events.dropped").description("lifecycle events not queued (queue full)").register(meters);
    }

    /** Starts listening to the ledger (only when an events endpoint is configured). */
    public void bind(Ledger ledger, org.apache.camel.CamelContext camelContext) {
        this.camelContext = camelContext;
        if (enabled) {
            ledger.listen(this);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The lifecycle type of a ledger event (without the prefix), or null when it is not one. */
    static String typeOf(String event) {
        if (event.startsWith("quarantined:")) {
            return "file.quarantined";
        }
        return switch (event) {
            case "submitted" -> "batch.submitted";
            case "progress" -> "batch.progress";
            case "extraction completed" -> "batch.completed";
            case "delivered-batch" -> "batch.delivered";
            case "failed" -> "batch.failed";
            case "held-for-credits", "submissions-paused" -> "batch.held";
            case "credits-low" -> "credits.low";
            default -> null;
        };
    }

    @Override
    public void accept(Ledger.LedgerEvent e) {
        if (typeOf(e.event()) == null) {
            return;
        }
        try {
            // named after the route that sends it, so Camel's exchange meters tag it like every other exchange
            org.apache.camel.Exchange queued = producer().send(queueUri, x -> {
                x.getExchangeExtension().setFromRouteId("ops-lifecycle");
                x.getIn().setBody(e);
            });
            if (queued.getException() != null) {
                throw queued.getException();
            }
        } catch (Exception full) {
            // the queue is full (the endpoint is down for long): say so, never block the stage worker
            Counter.builder("invoice.events.dropped").description("lifecycle events not queued (queue full)")
                    .register(registry).increment();
            LOG.warn("Lifecycle event {} ({}) was dropped: the events queue is full ({})", e.eventId(),
                    typeOf(e.event()), full.getClass().getSimpleName());
        }
    }

    private ProducerTemplate producer() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = camelContext.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    /** The CloudEvents (structured JSON text) one ledger event becomes: usually one, none, or two. */
    public List<String> cloudEvents(Ledger.LedgerEvent e) throws IOException {
        String type = typeOf(e.event());
        List<String> out = new ArrayList<>();
        if (type == null) {
            return out;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", e.eventId());
        data.put("event", e.event());
        data.put("stage", e.stage());
        data.put("batch_id", e.batchId());
        data.put("file_id", e.fileId());
        data.put("reason", e.detail());
        if (e.batchId() != null && type.startsWith("batch.")) {
            data.put("batch", queries.batchFacts(e.batchId()));
        }
        if ("file.quarantined".equals(type) && e.fileId() != null) {
            Map<String, Object> file = queries.fileRow(e.fileId());
            if (file != null) {
                data.put("file_name", file.get("original_name"));
                data.put("error_class", file.get("error_class"));
                data.put("error_code", file.get("error_code"));
                data.put("error_message", file.get("error_message"));
            }
        } else if ("file.quarantined".equals(type)) {
            data.put("error_class", e.event().substring("quarantined:".length()));
        }
        String subject = e.fileId() != null ? e.fileId() : e.batchId();
        out.add(serialize(String.valueOf(e.eventId()), type, subject, e, data));
        if ("batch.delivered".equals(type)) {
            Path review = workDir.resolve("outbox").resolve(e.batchId()).resolve("review.json");
            if (Files.isRegularFile(review)) {
                Map<?, ?> doc = json.readValue(review.toFile(), Map.class);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("event_id", e.eventId());
                r.put("batch_id", e.batchId());
                r.put("count", doc.get("count"));
                r.put("reason", "rows of the batch's results need review");
                r.put("location", "outbox/" + e.batchId() + "/review.json");
                out.add(serialize(e.eventId() + "-review", "review.needed", e.batchId(), e, r));
            }
        }
        return out;
    }

    private String serialize(String id, String type, String subject, Ledger.LedgerEvent e, Map<String, Object> data)
            throws IOException {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(id).withSource(source).withType(TYPE_PREFIX + type)
                .withTime(e.at().atOffset(ZoneOffset.UTC)).withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data));
        if (subject != null) {
            builder.withSubject(subject);
        }
        CloudEvent event = builder.build();
        return new String(format.serialize(event), StandardCharsets.UTF_8);
    }

    /** The id of a serialized event (for file names and logs). */
    public String idOf(String cloudEvent) throws IOException {
        return String.valueOf(json.readTree(cloudEvent).path("id").asText());
    }

    /** The type of a serialized event (for the meters). */
    public String typeOfEvent(String cloudEvent) throws IOException {
        return String.valueOf(json.readTree(cloudEvent).path("type").asText());
    }

    /** One event reached the endpoint. */
    public void sent(String type) {
        Counter.builder("invoice.events.sent").tag("type", type).description("lifecycle events the endpoint accepted")
                .register(registry).increment();
    }

    /**
     * One event could not be sent after its retries: counted, logged (without the endpoint, which may carry a
     * secret) and kept in errors/events-dead-letter/ so it is not lost.
     */
    public void failed(String cloudEvent, Throwable why) throws IOException {
        String id = idOf(cloudEvent);
        String type = typeOfEvent(cloudEvent);
        Counter.builder("invoice.events.failed").tag("type", type).description("lifecycle events the endpoint did not take (kept as dead letters)")
                .register(registry).increment();
        Path dir = Files.createDirectories(workDir.resolve("errors").resolve("events-dead-letter"));
        Path temp = dir.resolve(".tmp-" + id + ".json");
        Files.writeString(temp, cloudEvent);
        Files.move(temp, dir.resolve(id + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String cause = why instanceof org.apache.camel.http.base.HttpOperationFailedException http
                ? "status " + http.getStatusCode() : why.getClass().getSimpleName();
        LOG.warn("Lifecycle event {} ({}) was not accepted by the events endpoint ({}); kept in errors/events-dead-letter/{}.json",
                id, type, cause, id);
    }
}
