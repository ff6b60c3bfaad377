package io.invoiceroutes;

import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.Arrays;

/** Entry point: no arguments runs the pipeline; {@code sandbox ...} runs only the local API stand-in (if installed). */
public final class App {
    static final String CONFIG = "config/application.properties";
    /** The key the pipeline presents to its own local sandbox (never a real key). */
    static final String SANDBOX_KEY = "sandbox-local-key";

    private App() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "sandbox".equals(args[0])) {
            SandboxLocator.require().runStandalone(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // before anything logs: no secret reaches stdout, stderr or a log file, whatever a library logs at DEBUG
        MaskedConsole.install(Path.of(CONFIG), System.getenv());
        ApiTarget target;
        LocalSandbox sandbox = null;
        try {
            target = ApiTarget.resolve(Path.of(CONFIG), System.getenv());
            if (target.sandbox()) {
                sandbox = SandboxLocator.require();
            }
        } catch (IllegalStateException refused) {
            // a setting that cannot work: say what to do, no stack trace
            System.err.println("invoice-extraction-routes: " + refused.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + CONFIG);
        if (sandbox != null) {
            String baseUrl = sandbox.start(System.getenv());
            main.addOverrideProperty("invoice.api.base-url", baseUrl);
            main.addOverrideProperty("invoice.api.key", SANDBOX_KEY);
            System.out.println((target.keyPresent() ? "INVOICE_API_BASE_URL=sandbox: " : "No INVOICE_API_KEY set: ")
                    + "started the local sandbox at " + baseUrl
                    + " (a stand-in of the API; set INVOICE_API_KEY to use the real one)");
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
