package io.invoiceroutes.intake;

import com.zaxxer.hikari.HikariDataSource;
import io.invoiceroutes.store.JobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The same claim tests on an embedded PostgreSQL (V1..V6 migrated by Flyway, as a shared job store would be). */
class IntakeClaimsPostgresTest extends IntakeClaimsTest {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @Override
    HikariDataSource openStore() {
        return JobStore.open("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "postgres", 8);
    }
}
