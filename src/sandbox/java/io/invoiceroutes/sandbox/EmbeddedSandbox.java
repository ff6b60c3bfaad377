package io.invoiceroutes.sandbox;

import io.invoiceroutes.LocalSandbox;

import java.util.List;
import java.util.Map;

/**
 * The sandbox as the pipeline starts it when no API key is set (found through {@link java.util.ServiceLoader});
 * its settings come from the same {@code SANDBOX_*} variables as the stand-alone sandbox.
 */
public final class EmbeddedSandbox implements LocalSandbox {
    private SandboxServer server;

    @Override
    public synchronized String start(Map<String, String> env) {
        if (server == null) {
            server = new SandboxServer(SandboxMain.parse(List.of(), env)).start();
        }
        return server.baseUrl();
    }

    @Override
    public void runStandalone(String[] args) throws Exception {
        SandboxMain.main(args);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
