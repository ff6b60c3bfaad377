package io.invoiceroutes.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Clears the "redelivery exhausted" mark that a failure leaves on the exchange once a route has caught it and
 * recovers (a refused presigned URL, a refused completion): without this, Camel would not retry the next
 * call's transient failures on the same exchange.
 */
public class RetryReset implements Processor {
    @Override
    public void process(Exchange exchange) {
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        exchange.getExchangeExtension().setFailureHandled(false);
        exchange.removeProperty(Exchange.FAILURE_ENDPOINT);
        exchange.removeProperty(Exchange.FAILURE_ROUTE_ID);
        exchange.getIn().removeHeaders("CamelRedelivery*");
    }
}
