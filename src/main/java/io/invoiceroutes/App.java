package io.invoiceroutes;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.component.properties.PropertiesComponent;

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
        if (!java.nio.file.Files.isRegularFile(Path.of(CONFIG))) {
            System.err.println("invoice-extraction-routes: " + CONFIG + " not found in " + Path.of("").toAbsolutePath()
                    + ": start the jar from the folder that holds config/ and routes/ (the repository root)");
            System.exit(2);
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
        ManagementPort.Wanted management = ManagementPort.wanted(Path.of(CONFIG), System.getenv());
        int managementPort;
        try {
            managementPort = management == null ? 0 : ManagementPort.choose(management);
        } catch (IllegalStateException refused) {
            System.err.println("invoice-extraction-routes: cannot start: " + refused.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + CONFIG);
        // the environment's settings as override properties, the environment itself only a fallback, so the values
        // decided here (the sandbox's URL and key) win over the variables they were decided from
        EnvironmentSettings.of(Path.of(CONFIG), System.getenv()).forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeInitialize(BaseMainSupport m) {
                if (m.getCamelContext().getPropertiesComponent() instanceof PropertiesComponent pc) {
                    pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
                }
            }
        });
        if (management != null && managementPort != management.port()) {
            main.addOverrideProperty("camel.management.port", Integer.toString(managementPort));
            System.out.println("The management port " + management.port() + " is in use (another instance on this machine?):"
                    + " health, metrics and the status page are at http://" + management.host() + ":" + managementPort
                    + " (set CAMEL_MANAGEMENT_PORT to choose the port)");
        }
        if (sandbox != null) {
            String baseUrl = sandbox.start(System.getenv());
            // these win over INVOICE_API_BASE_URL=sandbox (no URL) and a real INVOICE_API_KEY (never sent to the sandbox)
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
        } catch (RuntimeException failed) {
            String refusal = settingRefused(failed);
            if (refusal == null) {
                throw failed;
            }
            // a setting our start-up checks refused (a channel without its URL, secret or host): say which, no stack trace
            System.err.println("invoice-extraction-routes: cannot start: " + refusal);
            System.exit(2);
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    /** The message of a start-up check of ours (an IllegalArgumentException thrown in io.invoiceroutes), or null. */
    static String settingRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("io.invoiceroutes.")) {
                return t.getMessage();
            }
        }
        return null;
    }
}
