package io.invoiceroutes.ops;

import io.invoiceroutes.api.RateBudget;
import io.invoiceroutes.credits.ApiGate;
import io.invoiceroutes.files.FileDigests;
import io.invoiceroutes.files.StagingArea;
import io.invoiceroutes.store.Ledger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;

import javax.sql.DataSource;

/**
 * Binds what operating the pipeline needs (health checks, meters, the status page and its actions, lifecycle
 * events) beside the pipeline's own wiring, on camel-main's management server (camel.management.*).
 */
public class OpsConfiguration implements CamelConfiguration {
    @PropertyInject("invoice.work-dir")
    private String workDir;
    @PropertyInject(value = "invoice.ops.credits-warn-below", defaultValue = "100")
    private long creditsWarnBelow;
    @PropertyInject(value = "invoice.ops.token", defaultValue = "")
    private String token;
    @PropertyInject(value = "invoice.ops.job-store-timeout-ms", defaultValue = "3000")
    private long jobStoreTimeoutMs;
    @PropertyInject(value = "invoice.ops.metrics-refresh-ms", defaultValue = "5000")
    private long metricsRefreshMs;
    @PropertyInject(value = "invoice.stuck.no-progress-seconds", defaultValue = "3600")
    private long stuckSeconds;
    @PropertyInject(value = "invoice.extractions.max-in-flight", defaultValue = "12")
    private int maxInFlight;
    @PropertyInject(value = "invoice.ops.status-limit", defaultValue = "100")
    private int statusLimit;
    @PropertyInject(value = "invoice.events.endpoint", defaultValue = "")
    private String eventsEndpoint;
    @PropertyInject(value = "invoice.events.source", defaultValue = "/invoice-extraction-routes")
    private String eventsSource;
    @PropertyInject(value = "invoice.events.queue-size", defaultValue = "10000")
    private int eventsQueueSize;

    private StatusQueries queries;
    private ApiProbe probe;
    private LifecycleEvents lifecycle;

    @BindToRegistry
    public ApiProbe apiProbe() {
        if (probe == null) {
            probe = new ApiProbe(creditsWarnBelow);
        }
        return probe;
    }

    @BindToRegistry
    public OperatorToken operatorToken() {
        return new OperatorToken(token);
    }

    @BindToRegistry
    public OpsAnswers opsAnswers() {
        return new OpsAnswers();
    }

    @BindToRegistry
    public StatusPage statusPage() {
        return new StatusPage();
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // every configuration class has bound its beans by now: the job store, the ledger, the API gate
        DataSource dataSource = camelContext.getRegistry().lookupByNameAndType("jobDataSource", DataSource.class);
        Ledger ledger = camelContext.getRegistry().lookupByNameAndType("ledger", Ledger.class);
        ApiGate gate = camelContext.getRegistry().lookupByNameAndType("apiGate", ApiGate.class);
        RateBudget budget = camelContext.getRegistry().lookupByNameAndType("rateBudget", RateBudget.class);
        queries = new StatusQueries(dataSource);
        BoundedCalls bounded = new BoundedCalls(jobStoreTimeoutMs);
        camelContext.getRegistry().bind("statusQueries", queries);
        camelContext.getRegistry().bind("replays", new Replays(queries, new FileDigests(), ledger, new StagingArea(workDir), workDir));
        camelContext.getRegistry().bind("statusOverview", new StatusOverview(queries, apiProbe(), gate,
                camelContext.getRegistry().lookupByNameAndType("operatorToken", OperatorToken.class), statusLimit, bounded));

        camelContext.getRegistry().bind("apiHealthCheck", new ApiHealthCheck(apiProbe(), gate));
        camelContext.getRegistry().bind("creditsHealthCheck", new CreditsHealthCheck(apiProbe()));
        camelContext.getRegistry().bind("jobStoreHealthCheck", new JobStoreHealthCheck(queries, bounded));
        camelContext.getRegistry().bind("batchesHealthCheck", new BatchesHealthCheck(queries, bounded, stuckSeconds));

        lifecycle = new LifecycleEvents(eventsEndpoint, "seda:ops-lifecycle?size=" + eventsQueueSize + "&blockWhenFull=false",
                eventsSource, queries, workDir);
        lifecycle.bind(ledger, camelContext);
        camelContext.getRegistry().bind("lifecycleEvents", lifecycle);

        // the meters join the registry camel-micrometer-prometheus serves at /observe/metrics, which exists once
        // the context starts (before any route does)
        // the Camel CLI's status file gets the properties console with secrets masked (Camel's own shows every value)
        MaskedPropertiesDevConsole maskedProperties = new MaskedPropertiesDevConsole();
        camelContext.getRegistry().bind("properties", org.apache.camel.console.DevConsole.class, maskedProperties);
        replacePropertiesConsole(camelContext, maskedProperties);

        java.util.concurrent.atomic.AtomicBoolean bound = new java.util.concurrent.atomic.AtomicBoolean();
        camelContext.addStartupListener((context, alreadyStarted) -> {
            // told again for every route the supervising controller starts later: bind once
            if (!bound.compareAndSet(false, true)) {
                return;
            }
            MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(context.getRegistry(),
                    MicrometerConstants.METRICS_REGISTRY_NAME);
            if (registry == null) {
                // metrics switched off: the meters are kept, just not served
                registry = new SimpleMeterRegistry();
            }
            replacePropertiesConsole(context, maskedProperties);
            lifecycle.meters(registry);
            context.getRegistry().bind("opsMeters", new OpsMeters(registry, queries, ledger, apiProbe(), budget, maxInFlight,
                    metricsRefreshMs, workDir, bounded).bind());
        });
    }

    private static void replacePropertiesConsole(CamelContext context, MaskedPropertiesDevConsole masked) {
        org.apache.camel.console.DevConsoleRegistry consoles = org.apache.camel.console.DevConsoleRegistry.get(context);
        if (consoles == null) {
            return;
        }
        consoles.getConsole("properties").filter(c -> c != masked).ifPresent(consoles::unregister);
        consoles.register(masked);
        // the consoles that print endpoint URIs (an SFTP or IMAP password is part of its URI) hand them on masked
        for (String id : MASKED_CONSOLES) {
            org.apache.camel.console.DevConsole original = consoles.resolveById(id);
            if (original != null && !(original instanceof MaskedDevConsole)) {
                consoles.unregister(original);
                consoles.register(new MaskedDevConsole(original));
            }
        }
    }

    /** The developer consoles camel-cli-connector publishes whose output can carry an endpoint URI. */
    private static final java.util.List<String> MASKED_CONSOLES = java.util.List.of("route", "route-group", "endpoint",
            "service", "consumer", "producer", "inflight", "blocked");
}
