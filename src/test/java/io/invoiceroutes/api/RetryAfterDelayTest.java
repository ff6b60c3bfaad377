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
    private RateBudget budget;
    private RetryAfterDelay delay;
    private com.zaxxer.hikari.HikariDataSource store;

    @BeforeEach
    void exchange() {
        store = io.invoiceroutes.store.JobStore.open("jdbc:h2:mem:retry-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "", "", 2);
        budget = new RateBudget(new RateGroups(0.9), new io.invoiceroutes.store.RateGrants(store, "test"));
        delay = new RetryAfterDelay(budget);
        context = new DefaultCamelContext();
        exchange = new DefaultExchange(context);
        exchange.setVariable("apiRequest", ApiRequest.post("/uploads/sessions", Map.of()));
    }

    @AfterEach
    void close() throws Exception {
        context.close();
        store.close();
    }

    private static ApiException rateLimited(Long retryAfterSeconds) {
        return ApiFailures.of(429, "RATE_LIMITED", "slow down", true, Map.of(), retryAfterSeconds);
    }

    @Test
    void sets_the_redelivery_delay_from_retry_after_plus_a_margin() {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, rateLimited(7L));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(7250L);
    }

    @Test
    void a_429_stops_every_request_of_its_rate_group_until_its_retry_after() {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, rateLimited(7L));

        delay.process(exchange);

        assertThat(budget.waitMs("uploads")).isBetween(6000L, 7250L);
        assertThat(budget.waitMs("writes")).as("another group goes on").isZero();
    }

    @Test
    void replaces_a_delay_left_by_an_earlier_attempt() {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 99_999L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, rateLimited(2L));

        delay.process(exchange);

        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(2250L);
    }

    @Test
    void removes_the_delay_when_there_is_no_retry_after_or_no_api_failure() {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 7250L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, ApiFailures.of(503, "INTERNAL_ERROR", "down", true, null, null));
        delay.process(exchange);
        assertThat(exchange.getIn().getHeaders()).doesNotContainKey(Exchange.REDELIVERY_DELAY);

        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 7250L);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new java.io.IOException("connection reset"));
        delay.process(exchange);
        assertThat(exchange.getIn().getHeaders()).doesNotContainKey(Exchange.REDELIVERY_DELAY);
        assertThat(budget.waitMs("uploads")).isZero();
    }
}
