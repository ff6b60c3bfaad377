package io.invoiceroutes;

import io.invoiceroutes.sandbox.SandboxConfig;
import io.invoiceroutes.sandbox.SandboxServer;

/**
 * The local sandbox started inside the pipeline's JVM when no API key is configured, so a new user sees files
 * flow end to end at once. Its settings come from the same SANDBOX_* environment variables as the stand-alone
 * sandbox command.
 */
final class EmbeddedSandbox implements AutoCloseable {
    private final SandboxServer server;

    private EmbeddedSandbox(SandboxServer server) {
        this.server = server;
    }

    static EmbeddedSandbox start() {
        SandboxConfig config = io.invoiceroutes.sandbox.SandboxMain.parse(java.util.List.of(), System.getenv());
        return new EmbeddedSandbox(new SandboxServer(config).start());
    }

    String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        server.stop();
    }
}
