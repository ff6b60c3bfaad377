package io.invoiceroutes.api;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterDelayTest {
    private CamelContext context;
    private Exchange exchange;
    private final RetryAfterDelay delay = new RetryAfterDelay();

    @BeforeEach
    void exchange() {
        context = new DefaultCamelContext();
        exchange = new DefaultExchange(context);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private static ApiException api(Long retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", "slow down", true, Map.of(), retryAfterSeconds);
    }

    @Test
    void sets_the_redelivery_delay_from_retry_after_plus_a_margin() {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, api(7L));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(7250L);
        assertThat(Exchange.REDELIVERY_DELAY).isEqualTo("CamelRedeliveryDelay");
    }

    @Test
    void a_retry_after_of_zero_waits_only_the_margin() {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, api(0L));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeader("CamelRedeliveryDelay", Long.class)).isEqualTo(250L);
    }

    @Test
    void replaces_a_delay_left_by_an_earlier_attempt() {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 99_999L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, api(2L));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(2250L);
    }

    @Test
    void removes_the_delay_when_the_api_exception_has_no_retry_after() {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 7250L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, api(null));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeaders()).doesNotContainKey(Exchange.REDELIVERY_DELAY);
    }

    @Test
    void removes_the_delay_for_other_exceptions() {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 7250L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new java.io.IOException("connection reset"));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeaders()).doesNotContainKey(Exchange.REDELIVERY_DELAY);
    }

    @Test
    void removes_the_delay_when_nothing_was_caught() {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 7250L);

        delay.process(exchange);

        assertThat(exchange.getIn().getHeaders()).doesNotContainKey(Exchange.REDELIVERY_DELAY);
    }
}
