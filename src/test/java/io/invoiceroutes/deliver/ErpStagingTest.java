package io.invoiceroutes.deliver;

import com.zaxxer.hikari.HikariDataSource;
import io.invoiceroutes.store.JobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL channel's writer on the databases it runs on (H2 in PostgreSQL mode, a real PostgreSQL): a row the table
 * cannot take is refused with the database's reason while the batch's other rows go in, and writing the same rows
 * again adds nothing, so the ERP sees each row once.
 */
class ErpStagingTest {
    private static final ErpColumns COLUMNS = new ErpColumns("Invoice Number=invoice_number,Total Amount=total_amount,"
            + "Invoice Date=invoice_date");
    private static EmbeddedPostgres postgres;
    private static HikariDataSource h2;
    private static HikariDataSource pg;

    @BeforeAll
    static void databases(@TempDir Path dir) throws Exception {
        h2 = new HikariDataSource(JobStore.pool("erp-h2", "jdbc:h2:file:" + dir.resolve("erp") + ";MODE=PostgreSQL", "", "", 2));
        postgres = EmbeddedPostgres.builder().start();
        pg = new HikariDataSource(JobStore.pool("erp-pg", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "postgres", "postgres", 2));
        for (DataSource ds : List.of(h2, pg)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 InputStream ddl = ErpStagingTest.class.getResourceAsStream("/db/migration/V3__erp_staging.sql")) {
                for (String statement : new String(ddl.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "").split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        h2.close();
        pg.close();
        postgres.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_poison_row_is_refused_with_its_reason_while_the_other_nine_are_written(String database) throws Exception {
        DataSource ds = database.equals("h2") ? h2 : pg;
        ErpStaging staging = new ErpStaging(() -> ds, COLUMNS, new ReviewRows("Review Needed"));
        String extraction = "ext-poison-" + database;
        List<Map<String, Object>> rows = rows(10);
        rows.get(6).put("Total Amount", 1e16);

        ErpStaging.Result result = staging.write("b-1", extraction, rows);

        assertThat(result.written()).isEqualTo(9);
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.rowNumber()).isEqualTo(7);
            assertThat(r.sqlState()).startsWith("22");
            assertThat(r.reason()).isNotBlank();
            assertThat(r.row()).containsEntry("Invoice Number", "INV-7");
        });
        assertThat(rowNumbers(ds, extraction)).containsExactly(1, 2, 3, 4, 5, 6, 8, 9, 10);
        assertThat(total(ds, extraction, 8)).isEqualByComparingTo("108.00");

        // the same delivery again (a crash before it was recorded): nothing is added or changed
        ErpStaging.Result again = staging.write("b-1", extraction, rows);
        assertThat(again.written()).isZero();
        assertThat(again.alreadyThere()).isEqualTo(9);
        assertThat(again.rejected()).extracting(ErpStaging.RejectedRow::rowNumber).containsExactly(7);
        assertThat(rowNumbers(ds, extraction)).containsExactly(1, 2, 3, 4, 5, 6, 8, 9, 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void too_long_and_non_number_values_are_refused_row_by_row(String database) throws Exception {
        DataSource ds = database.equals("h2") ? h2 : pg;
        ErpStaging staging = new ErpStaging(() -> ds, COLUMNS, new ReviewRows("Review Needed"));
        String extraction = "ext-types-" + database;
        List<Map<String, Object>> rows = rows(4);
        rows.get(0).put("Invoice Number", "X".repeat(500));
        rows.get(2).put("Total Amount", "n/a");

        ErpStaging.Result result = staging.write("b-2", extraction, rows);

        assertThat(result.written()).isEqualTo(2);
        assertThat(result.rejected()).extracting(ErpStaging.RejectedRow::rowNumber).containsExactly(1, 3);
        assertThat(result.rejected().get(0).sqlState()).isEqualTo("22001");
        assertThat(result.rejected().get(1).reason()).contains("'Total Amount' is not a number");
        assertThat(rowNumbers(ds, extraction)).containsExactly(2, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_failure_that_is_not_a_rows_fault_writes_nothing_and_fails_the_delivery(String database) throws Exception {
        DataSource ds = database.equals("h2") ? h2 : pg;
        ErpStaging staging = new ErpStaging(() -> ds, COLUMNS, new ReviewRows("Review Needed"));
        // the ERP took its table away: every insert fails the same way, and no row is at fault
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table erp_invoice_row rename to erp_invoice_row_gone");
        }
        try {
            assertThatThrownBy(() -> staging.write("b-3", "ext-gone-" + database, rows(3))).isInstanceOf(SQLException.class);
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("alter table erp_invoice_row_gone rename to erp_invoice_row");
            }
        }
        assertThat(rowNumbers(ds, "ext-gone-" + database)).isEmpty();
    }

    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Invoice Number", "INV-" + i);
            row.put("Total Amount", 100 + i);
            row.put("Invoice Date", "2026-01-0" + (1 + i % 9));
            rows.add(row);
        }
        return rows;
    }

    private static List<Integer> rowNumbers(DataSource ds, String extraction) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select row_number from erp_invoice_row where extraction_id = '" + extraction
                     + "' order by row_number")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static BigDecimal total(DataSource ds, String extraction, int row) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select total_amount from erp_invoice_row where extraction_id = '" + extraction
                     + "' and row_number = " + row)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
