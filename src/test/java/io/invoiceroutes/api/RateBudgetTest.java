package io.invoiceroutes.api;

import com.zaxxer.hikari.HikariDataSource;
import io.invoiceroutes.store.JobStore;
import io.invoiceroutes.store.RateGrants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate budget shared through one job store: instances together never get more tokens in a window than the
 * group's cap, a restarted instance still sees what its earlier life took, and a 429 stops every instance.
 */
class RateBudgetTest {
    /** 5 % of the published limits: uploads 30, writes 1 a minute. */
    private final RateGroups groups = new RateGroups(0.05);
    private HikariDataSource store;

    @BeforeEach
    void store() {
        store = JobStore.open("jdbc:h2:mem:budget-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "", "", 8);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RateBudget instance(String name) {
        return new RateBudget(groups, new RateGrants(store, name));
    }

    /** How many of {@code attempts} acquisitions get a token within {@code ms}. */
    private static int acquiredWithin(List<RateBudget> budgets, String group, int attempts, long ms) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<?>> tries = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                RateBudget b = budgets.get(i % budgets.size());
                tries.add(pool.submit(() -> {
                    b.acquire(group);
                    return null;
                }));
            }
            int got = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            for (Future<?> t : tries) {
                try {
                    t.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    got++;
                } catch (TimeoutException e) {
                    t.cancel(true);
                }
            }
            return got;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void three_instances_together_get_no_more_than_the_groups_cap_in_a_window() throws Exception {
        List<RateBudget> cluster = List.of(instance("node-1"), instance("node-2"), instance("node-3"));

        int got = acquiredWithin(cluster, "uploads", 45, 3000);

        assertThat(got).isEqualTo(30);
        assertThat(cluster.stream().mapToLong(b -> b.sent("uploads")).sum()).isEqualTo(30);
        assertThat(cluster).allSatisfy(b -> assertThat(b.sent("uploads")).isPositive());
    }

    @Test
    void a_restarted_instance_counts_what_its_earlier_life_sent_within_the_window() throws Exception {
        assertThat(acquiredWithin(List.of(instance("node-1")), "uploads", 30, 3000)).isEqualTo(30);

        // killed and started again: a fresh budget object, the same job store
        assertThat(acquiredWithin(List.of(instance("node-1-again")), "uploads", 5, 1500)).isZero();
    }

    @Test
    void a_429_stops_the_group_on_every_instance_until_its_retry_after_and_other_groups_go_on() throws Exception {
        RateBudget one = instance("node-1");
        RateBudget two = instance("node-2");

        one.rateLimited("reads", 2L);

        assertThat(one.waitMs("reads")).isBetween(1000L, 2250L);
        assertThat(acquiredWithin(List.of(two), "reads", 1, 1000)).as("the other instance waits too").isZero();
        assertThat(acquiredWithin(List.of(two), "status", 1, 1000)).as("another group goes on").isEqualTo(1);
        assertThat(acquiredWithin(List.of(two), "reads", 1, 4000)).as("after the Retry-After").isEqualTo(1);
        assertThat(one.rateLimitedCount("reads")).isEqualTo(1);
    }
}
