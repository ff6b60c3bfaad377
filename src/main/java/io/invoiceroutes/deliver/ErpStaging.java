package io.invoiceroutes.deliver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a batch's output rows to {@code erp_invoice_row} in one transaction: delete the extraction's rows, then
 * batch-insert them all, so a re-delivery after a crash replaces rather than duplicates. Plain JDBC because the
 * routes run without Spring, and camel-sql cannot span a delete and a batch insert in one transaction without it.
 */
public class ErpStaging {
    private static final String DELETE = "delete from erp_invoice_row where extraction_id = ?";
    private static final String INSERT = "insert into erp_invoice_row (extraction_id, row_number, batch_id, invoice_number,"
            + " invoice_date, vendor_name, net_amount, tax_amount, total_amount, source_file, review_needed, review_message,"
            + " raw_row, delivered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String[] TYPED = {"invoice_number", "invoice_date", "vendor_name", "net_amount", "tax_amount",
            "total_amount", "source_file"};
    private static final int[] SQL_TYPES = {Types.VARCHAR, Types.DATE, Types.VARCHAR, Types.DECIMAL, Types.DECIMAL,
            Types.DECIMAL, Types.VARCHAR};

    private final Supplier<DataSource> dataSource;
    private final ErpColumns columns;
    private final ReviewRows review;
    private final ObjectMapper json = new ObjectMapper();

    public ErpStaging(Supplier<DataSource> dataSource, ErpColumns columns, ReviewRows review) {
        this.dataSource = dataSource;
        this.columns = columns;
        this.review = review;
    }

    /** Replaces the extraction's rows with {@code rows} (row_number = 1-based position); returns the rows written. */
    public int write(String batchId, String extractionId, List<Map<String, Object>> rows) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.get().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement(DELETE);
                 PreparedStatement insert = c.prepareStatement(INSERT)) {
                delete.setString(1, extractionId);
                delete.executeUpdate();
                for (int i = 0; i < rows.size(); i++) {
                    bind(insert, batchId, extractionId, i + 1, rows.get(i), now);
                    insert.addBatch();
                }
                if (!rows.isEmpty()) {
                    insert.executeBatch();
                }
                c.commit();
                return rows.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private void bind(PreparedStatement s, String batchId, String extractionId, int rowNumber, Map<String, Object> row,
                      Timestamp now) throws SQLException {
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
    }

    private String toJson(Map<String, Object> row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("output row is not serialisable as JSON", e);
        }
    }
}
