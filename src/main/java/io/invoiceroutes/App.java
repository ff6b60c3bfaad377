package io.invoiceroutes;

import io.invoiceroutes.sandbox.SandboxMain;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.Arrays;

/** Entry point: no arguments runs the pipeline; {@code sandbox ...} runs only the local API stand-in. */
public final class App {
    static final String CONFIG = "config/application.properties";
    /** The key the pipeline presents to its own embedded sandbox (never a real key). */
    static final String SANDBOX_KEY = "sandbox-local-key";

    private App() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "sandbox".equals(args[0])) {
            SandboxMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        ApiTarget target = ApiTarget.resolve(Path.of(CONFIG), System.getenv());
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + CONFIG);
        AutoCloseable sandbox = null;
        if (target.sandbox()) {
            EmbeddedSandbox embedded = EmbeddedSandbox.start();
            sandbox = embedded;
            main.addOverrideProperty("invoice.api.base-url", embedded.baseUrl());
            main.addOverrideProperty("invoice.api.key", SANDBOX_KEY);
            System.out.println((target.keyPresent() ? "INVOICE_API_BASE_URL=sandbox: " : "No INVOICE_API_KEY set: ")
                    + "started the embedded sandbox at " + embedded.baseUrl()
                    + " (a local stand-in of the API; set INVOICE_API_KEY to use the real one)");
        } else {
            main.addOverrideProperty("invoice.api.base-url", target.baseUrl());
        }
        try {
            main.run();
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
