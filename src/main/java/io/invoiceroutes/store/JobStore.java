package io.invoiceroutes.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;

/** Creates the pooled job-store DataSource and brings its schema up to date with the versioned migrations. */
public final class JobStore {
    private JobStore() {
    }

    /**
     * The default JDBC URL: an H2 file database under the work dir, in PostgreSQL mode so one SQL dialect serves both.
     * WRITE_DELAY=0 writes each commit to the file at once: H2's default delay lost the last second of commits
     * on SIGKILL (a stored submission_id among them, so a restart submitted a second extraction).
     * DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook closed the database while Camel's graceful shutdown was
     * still finishing in-flight work on SIGTERM, and those files were quarantined.
     */
    public static String defaultUrl(String workDir) {
        Path db = Path.of(workDir).toAbsolutePath().normalize().resolve("db").resolve("jobs");
        return "jdbc:h2:file:" + db + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** A pool configuration for a JDBC URL; blank credentials are left out. */
    public static HikariConfig pool(String name, String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setPoolName(name);
        return config;
    }

    /** Opens the pool and runs the migrations in {@code db/migration}. */
    public static HikariDataSource open(String url, String user, String password, int poolSize) {
        HikariDataSource dataSource = new HikariDataSource(pool("job-store", url, user, password, poolSize));
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
