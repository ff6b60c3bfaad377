package io.invoiceroutes.intake;

import com.zaxxer.hikari.HikariDataSource;
import io.invoiceroutes.store.JobStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim rows of the intake channels, on a real job store with the real migrations: H2 here, PostgreSQL in
 * {@link IntakeClaimsPostgresTest} (the same SQL must hold on both).
 */
class IntakeClaimsTest {
    HikariDataSource db;
    JdbcTemplate jdbc;

    /** The job store the tests run on, migrated, with no claims in it. */
    HikariDataSource openStore() {
        return JobStore.open("jdbc:h2:mem:claims-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                null, null, 8);
    }

    @BeforeEach
    void open() {
        db = openStore();
        jdbc = new JdbcTemplate(db);
        jdbc.update("delete from intake_claim");
    }

    @AfterEach
    void closeStore() {
        db.close();
    }

    private IntakeClaims claims(String owner, long leaseMs, boolean retakeDone, boolean retakeFailed) {
        return new IntakeClaims(db, "sftp", owner, leaseMs, leaseMs / 2, retakeDone, retakeFailed);
    }

    private String state(String key) {
        return jdbc.queryForObject("select claim_state from intake_claim where item_key = ?", String.class, key);
    }

    @Test
    void of_eight_instances_claiming_one_item_at_the_same_moment_exactly_one_gets_it() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                IntakeClaims instance = claims("node-" + i, 60_000, true, false);
                Callable<Boolean> attempt = () -> {
                    start.await();
                    return instance.add("scan.pdf-1717000000000-1234");
                };
                tries.add(pool.submit(attempt));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> t : tries) {
                won += t.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(state("scan.pdf-1717000000000-1234")).isEqualTo("CLAIMED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_claim_whose_holder_stopped_renewing_it_is_taken_over_once_its_lease_ran_out() {
        IntakeClaims crashed = claims("node-1", 600, true, false);
        IntakeClaims survivor = claims("node-2", 600, true, false);

        assertThat(crashed.add("k")).isTrue();
        assertThat(survivor.add("k")).as("while the lease holds").isFalse();
        assertThat(survivor.contains("k")).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> survivor.add("k"));
        // the old holder can no longer record anything for it
        assertThat(crashed.done("k", "late")).isFalse();
        assertThat(survivor.done("k", "inbox/k.pdf")).isTrue();
        assertThat(state("k")).isEqualTo("DONE");
    }

    @Test
    void a_live_holder_keeps_its_claim_by_renewing_it() {
        IntakeClaims holder = claims("node-1", 600, true, false);
        IntakeClaims other = claims("node-2", 600, true, false);
        assertThat(holder.add("k")).isTrue();
        java.sql.Timestamp firstLease = jdbc.queryForObject("select lease_until from intake_claim where item_key = 'k'",
                java.sql.Timestamp.class);

        // renewing as the keep-alive does, until the first lease is long past on the database clock
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            holder.renew();
            assertThat(other.add("k")).as("taken from a live holder").isFalse();
            return jdbc.queryForObject("select CURRENT_TIMESTAMP", java.sql.Timestamp.class).getTime() > firstLease.getTime() + 1200;
        });
        assertThat(holder.done("k", "inbox/k.pdf")).isTrue();
    }

    @Test
    void a_released_claim_is_open_and_keeps_its_attempts() {
        IntakeClaims node = claims("node-1", 60_000, false, false);
        assertThat(node.add("k")).isTrue();
        assertThat(node.attemptFailed("k", "disk full")).isEqualTo(1);

        assertThat(node.remove("k")).isTrue();
        assertThat(state("k")).isEqualTo("OPEN");
        IntakeClaims other = claims("node-2", 60_000, false, false);
        assertThat(other.contains("k")).isFalse();
        assertThat(other.add("k")).isTrue();
        assertThat(other.claim("k")).isEqualTo(new IntakeClaims.Claim("CLAIMED", 1, "disk full"));
    }

    @Test
    void a_delivered_item_is_never_claimed_again_when_the_channel_keeps_it() {
        IntakeClaims keep = claims("node-1", 60_000, false, false);
        assertThat(keep.add("k")).isTrue();
        assertThat(keep.done("k", "inbox/k.pdf")).isTrue();
        assertThat(keep.confirm("k")).isTrue();

        IntakeClaims later = claims("node-2", 60_000, false, false);
        assertThat(later.contains("k")).isTrue();
        assertThat(later.add("k")).isFalse();
    }

    @Test
    void a_delivered_item_still_listed_is_claimed_again_keeping_its_state_when_it_must_leave_the_server() {
        IntakeClaims first = claims("node-1", 60_000, true, false);
        assertThat(first.add("k")).isTrue();
        assertThat(first.done("k", "inbox/k.pdf")).isTrue();
        first.release("k");

        IntakeClaims restarted = claims("node-1b", 60_000, true, false);
        assertThat(restarted.contains("k")).isFalse();
        assertThat(restarted.add("k")).isTrue();
        assertThat(restarted.claim("k").state()).isEqualTo("DONE");
        assertThat(restarted.claim("k").finished()).isTrue();
        assertThat(claims("node-3", 60_000, true, false).add("k")).as("held for the clean-up").isFalse();
    }

    @Test
    void a_failed_item_is_tried_afresh_only_where_the_channel_allows_it() {
        IntakeClaims mail = new IntakeClaims(db, "mail", "node-1", 60_000, 30_000, true, true);
        assertThat(mail.add("<m@x>")).isTrue();
        mail.attemptFailed("<m@x>", "unreadable");
        assertThat(mail.failed("<m@x>", "reported")).isTrue();
        mail.release("<m@x>");

        IntakeClaims allMode = new IntakeClaims(db, "mail", "node-2", 60_000, 30_000, false, false);
        assertThat(allMode.add("<m@x>")).isFalse();
        IntakeClaims unseenMode = new IntakeClaims(db, "mail", "node-3", 60_000, 30_000, true, true);
        assertThat(unseenMode.add("<m@x>")).isTrue();
        assertThat(unseenMode.claim("<m@x>")).isEqualTo(new IntakeClaims.Claim("CLAIMED", 0, "reported"));
    }

    @Test
    void channels_have_separate_claims_and_long_keys_are_stored_as_their_hash() {
        String longKey = "請".repeat(600);
        IntakeClaims sftp = claims("node-1", 60_000, true, false);
        IntakeClaims mail = new IntakeClaims(db, "mail", "node-1", 60_000, 30_000, true, true);

        assertThat(sftp.add(longKey)).isTrue();
        assertThat(mail.add(longKey)).isTrue();
        assertThat(jdbc.queryForList("select item_key from intake_claim", String.class))
                .containsOnly(IntakeClaims.keyOf(longKey)).hasSize(2);
        assertThat(IntakeClaims.keyOf(longKey)).startsWith("sha256:").hasSize(71);
        assertThat(IntakeClaims.keyOf("<short@id>")).isEqualTo("<short@id>");
    }
}
