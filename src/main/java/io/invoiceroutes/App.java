package io.invoiceroutes;

import io.invoiceroutes.sandbox.SandboxMain;

import java.util.Arrays;

/** Entry point: no arguments runs the pipeline; {@code sandbox ...} runs only the local API stand-in. */
public final class App {
    private App() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "sandbox".equals(args[0])) {
            SandboxMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        throw new UnsupportedOperationException("pipeline not built yet");
    }
}
