package io.invoiceroutes.deliver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.invoiceroutes.store.JobStore;

/**
 * A small pool for an ERP database separate from the job store; it runs no migrations there (the ERP owns that
 * schema: create erp_invoice_row with db/migration/V3__erp_staging.sql) and connects lazily, on first delivery.
 */
public final class ErpDataSource {
    private ErpDataSource() {
    }

    public static HikariDataSource open(String url, String user, String password) {
        HikariConfig config = JobStore.pool("erp-staging", url, user, password, 2);
        // do not fail the pipeline's start when the ERP database is down: a delivery then fails and is reported
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
