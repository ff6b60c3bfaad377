package io.invoiceroutes.deliver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A small pool for an ERP database separate from the job store; it runs no migrations there (the ERP owns that
 * schema: create erp_invoice_row with db/migration/V3__erp_staging.sql) and connects lazily, on first delivery.
 */
public final class ErpDataSource {
    private ErpDataSource() {
    }

    public static HikariDataSource open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(2);
        config.setPoolName("erp-staging");
        // do not fail the pipeline's start when the ERP database is down: a delivery then fails and is reported
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
