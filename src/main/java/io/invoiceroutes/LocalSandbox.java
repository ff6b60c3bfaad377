package io.invoiceroutes;

import java.util.Map;

/**
 * The local stand-in of the API that the pipeline starts when no API key is set. It lives in its own artifact
 * ({@code invoice-extraction-sandbox.jar}), never in the product jar, and is found with {@link java.util.ServiceLoader}.
 */
public interface LocalSandbox extends AutoCloseable {

    /** Starts serving on 127.0.0.1 with the settings in the {@code SANDBOX_*} variables of {@code env}; returns its base URL. */
    String start(Map<String, String> env);

    /** Runs the sandbox on its own until the process is stopped ({@code sandbox [options]} on the command line). */
    void runStandalone(String[] args) throws Exception;

    @Override
    void close();
}
