package io.invoiceroutes;

/** Starts the local sandbox inside the pipeline's JVM when no API key is configured. */
final class EmbeddedSandbox implements AutoCloseable {
    private final String baseUrl;

    private EmbeddedSandbox(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static EmbeddedSandbox start() {
        throw new UnsupportedOperationException("wired once the sandbox lands");
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
    }
}
