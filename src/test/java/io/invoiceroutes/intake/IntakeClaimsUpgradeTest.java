package io.invoiceroutes.intake;

import com.zaxxer.hikari.HikariDataSource;
import io.invoiceroutes.store.JobStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A job store from before V6: what the channels recorded in CAMEL_MESSAGEPROCESSED stays delivered. */
class IntakeClaimsUpgradeTest {

    @Test
    void keys_the_channels_recorded_before_v6_are_delivered_claims_afterwards() {
        String url = "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (HikariDataSource db = new HikariDataSource(JobStore.pool("upgrade", url, null, null, 4))) {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").target("5").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(db);
            jdbc.update("insert into CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) values"
                    + " ('sftp-intake', 'kept.pdf-1717000000000-154526', CURRENT_TIMESTAMP),"
                    + " ('mail-intake', '<inv-7@vendor.example>', CURRENT_TIMESTAMP),"
                    + " ('inbox', '/srv/invoices/inbox/x.pdf', CURRENT_TIMESTAMP)");

            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

            assertThat(jdbc.queryForList("select channel || ' ' || item_key || ' ' || claim_state from intake_claim", String.class))
                    .containsExactlyInAnyOrder("sftp kept.pdf-1717000000000-154526 DONE", "mail <inv-7@vendor.example> DONE");
            IntakeClaims keep = new IntakeClaims(db, "sftp", "node-1", 60_000, 30_000, false, false);
            assertThat(keep.contains("kept.pdf-1717000000000-154526")).isTrue();
            assertThat(keep.add("kept.pdf-1717000000000-154526")).isFalse();
        }
    }
}
