package io.invoiceroutes.deliver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a batch's output rows to {@code erp_invoice_row} in one transaction, each row under its key
 * {@code (extraction_id, row_number)}: a row already there (an earlier attempt committed it) is left as it is, so
 * the ERP sees every row once across retries and restarts; a row the table cannot take (too long, out of range, a
 * constraint) is rolled back on its own and reported with the database's reason while the other rows go in; any
 * other failure (connection, missing table) rolls the whole batch back and fails the delivery, to be tried again.
 * Plain JDBC with savepoints, so the same code works on H2 and PostgreSQL (which aborts a transaction on an error).
 */
public class ErpStaging {
    private static final String INSERT = "insert into erp_invoice_row (extraction_id, row_number, batch_id, invoice_number,"
            + " invoice_date, vendor_name, net_amount, tax_amount, total_amount, source_file, review_needed, review_message,"
            + " raw_row, delivered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String[] TYPED = {"invoice_number", "invoice_date", "vendor_name", "net_amount", "tax_amount",
            "total_amount", "source_file"};
    private static final int[] SQL_TYPES = {Types.VARCHAR, Types.DATE, Types.VARCHAR, Types.DECIMAL, Types.DECIMAL,
            Types.DECIMAL, Types.VARCHAR};
    /** SQLState of a unique key violation (H2, PostgreSQL): the row is already there. */
    private static final String DUPLICATE_KEY = "23505";

    private final Supplier<DataSource> dataSource;
    private final ErpColumns columns;
    private final ReviewRows review;
    private final ObjectMapper json = new ObjectMapper();

    public ErpStaging(Supplier<DataSource> dataSource, ErpColumns columns, ReviewRows review) {
        this.dataSource = dataSource;
        this.columns = columns;
        this.review = review;
    }

    /** One row the table refused: its 1-based number, why, the database's SQLState, and the row as the API gave it. */
    public record RejectedRow(int rowNumber, String reason, String sqlState, Map<String, Object> row) {
    }

    /** What one write did: rows inserted now, rows already there from an earlier attempt, rows refused. */
    public record Result(int written, int alreadyThere, List<RejectedRow> rejected) {
        /** "9 rows written, 0 already there, 1 refused". */
        public String summary() {
            return written + " rows written, " + alreadyThere + " already there, " + rejected.size() + " refused";
        }
    }

    /** Inserts the rows (row_number = 1-based position) that are not there yet, in one transaction. */
    public Result write(String batchId, String extractionId, List<Map<String, Object>> rows) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.get().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                Result result = allAtOnce(c, insert, batchId, extractionId, rows, now);
                if (result == null) {
                    result = oneByOne(c, insert, batchId, extractionId, rows, now);
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** The usual case, a first delivery of good rows: one batch insert; null when any row needs a closer look. */
    private Result allAtOnce(Connection c, PreparedStatement insert, String batchId, String extractionId,
                             List<Map<String, Object>> rows, Timestamp now) throws SQLException {
        if (rows.isEmpty()) {
            return new Result(0, 0, List.of());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (bind(insert, batchId, extractionId, i + 1, rows.get(i), now) != null) {
                insert.clearBatch();
                return null;
            }
            insert.addBatch();
        }
        Savepoint before = c.setSavepoint();
        try {
            insert.executeBatch();
            return new Result(rows.size(), 0, List.of());
        } catch (BatchUpdateException e) {
            // a duplicate or a refused row somewhere: undo the batch and look at each row (a broken connection
            // fails the rollback or the first row there, and with it the whole delivery)
            insert.clearBatch();
            c.rollback(before);
            return null;
        }
    }

    /** Row by row, each under its own savepoint: duplicates are skipped, refused rows reported, the rest inserted. */
    private Result oneByOne(Connection c, PreparedStatement insert, String batchId, String extractionId,
                            List<Map<String, Object>> rows, Timestamp now) throws SQLException {
        int written = 0;
        int already = 0;
        List<RejectedRow> rejected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String typeProblem = bind(insert, batchId, extractionId, i + 1, rows.get(i), now);
            if (typeProblem != null) {
                rejected.add(new RejectedRow(i + 1, typeProblem, null, rows.get(i)));
                continue;
            }
            Savepoint before = c.setSavepoint();
            try {
                insert.executeUpdate();
                c.releaseSavepoint(before);
                written++;
            } catch (SQLException e) {
                c.rollback(before);
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    already++;
                } else if (rowProblem(e)) {
                    rejected.add(new RejectedRow(i + 1, firstLine(e.getMessage()), e.getSQLState(), rows.get(i)));
                } else {
                    throw e;
                }
            }
        }
        return new Result(written, already, List.copyOf(rejected));
    }

    /** SQLState class 22 (data exception: too long, out of range, bad value) or 23 (a constraint) is this row's fault. */
    static boolean rowProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23")) && !DUPLICATE_KEY.equals(state);
    }

    /** Binds one row; returns why a typed value cannot be used (a non-number amount), or null when it is bound. */
    private String bind(PreparedStatement s, String batchId, String extractionId, int rowNumber, Map<String, Object> row,
                        Timestamp now) throws SQLException {
        String problem = columns.problem(row);
        if (problem != null) {
            return problem;
        }
        Map<String, Object> typed = columns.values(row);
        s.setString(1, extractionId);
        s.setInt(2, rowNumber);
        s.setString(3, batchId);
        for (int i = 0; i < TYPED.length; i++) {
            Object v = typed.get(TYPED[i]);
            if (v == null) {
                s.setNull(4 + i, SQL_TYPES[i]);
            } else {
                s.setObject(4 + i, v, SQL_TYPES[i]);
            }
        }
        String message = review.message(row);
        s.setBoolean(11, message != null);
        s.setString(12, message);
        s.setString(13, toJson(row));
        s.setTimestamp(14, now);
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "refused by the database";
        }
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    private String toJson(Map<String, Object> row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("output row is not serialisable as JSON", e);
        }
    }
}
