package io.invoiceroutes.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs when an API call fails, before the redelivery delay is chosen: when the API said how long to wait
 * (Retry-After), that wait is used exactly, otherwise the policy's exponential backoff applies. A 429 also
 * stops every other request of its rate group until then.
 */
public class RetryAfterDelay implements Processor {
    private final RateBudget budget;

    public RetryAfterDelay(RateBudget budget) {
        this.budget = budget;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof ApiException api && api.getHttpStatus() == 429
                && exchange.getVariable("apiRequest") instanceof ApiRequest request) {
            budget.rateLimited(request.group(), api.getRetryAfterSeconds());
        }
        // counted for the metrics only when a redelivery follows (this runs for the last failure too)
        Integer attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        if (attempt != null && max != null && attempt <= max) {
            String failedIn = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
            boolean storage = failedIn != null && failedIn.startsWith("storage");
            budget.retried(!storage && exchange.getVariable("apiRequest") instanceof ApiRequest request ? request.group() : "storage");
        }
        if (cause instanceof ApiException api && api.getRetryAfterSeconds() != null) {
            // a little on top, never earlier than told
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, api.getRetryAfterSeconds() * 1000L + 250L);
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
