package io.invoiceroutes.sandbox;

/** Command line entry of the stand-alone sandbox: {@code java -jar ... sandbox --port N}. */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        throw new UnsupportedOperationException("sandbox not built yet");
    }
}
