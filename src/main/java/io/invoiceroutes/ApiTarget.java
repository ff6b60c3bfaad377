package io.invoiceroutes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Decides which API the pipeline talks to before Camel starts: the real API when a key is set, the embedded
 * sandbox when the base URL is {@code sandbox} or no key is set (refused when delivery channels to an ERP are on,
 * unless the sandbox was chosen explicitly), or an explicit base URL.
 */
public record ApiTarget(String baseUrl, boolean sandbox, boolean keyPresent) {
    static final String SANDBOX = "sandbox";
    /** The contract's server, used when the configuration names no default base URL. */
    static final String DEFAULT_BASE_URL = "https://api.invoicedataextraction.com/v1";

    /** Reads {@code invoice.api.*} from the properties file, with the environment overriding it as Camel does. */
    public static ApiTarget resolve(Path propertiesFile, Map<String, String> env) throws IOException {
        Properties props = PropertiesFile.load(propertiesFile);
        String key = setting("invoice.api.key", props, env);
        String base = setting("invoice.api.base-url", props, env);
        String configuredReal = setting("invoice.api.default-base-url", props, env);
        String real = configuredReal.isEmpty() ? DEFAULT_BASE_URL : configuredReal;
        boolean keyPresent = !key.isEmpty();
        if (SANDBOX.equalsIgnoreCase(base)) {
            return new ApiTarget(null, true, keyPresent);
        }
        if (base.isEmpty() && !keyPresent) {
            String channels = setting("invoice.deliver.channels", props, env);
            if (!channels.isEmpty()) {
                // the sandbox makes its rows up: they must never reach an ERP because a key was forgotten
                throw new IllegalStateException("INVOICE_API_KEY is not set, so the pipeline would run on the local sandbox,"
                        + " whose made-up rows would go to the ERP through INVOICE_DELIVER_CHANNELS=" + channels
                        + ": set INVOICE_API_KEY for the real API, or INVOICE_API_BASE_URL=sandbox to deliver sandbox"
                        + " results on purpose");
            }
            return new ApiTarget(null, true, false);
        }
        String url = base.isEmpty() ? real : base;
        if (!keyPresent) {
            throw new IllegalStateException("INVOICE_API_BASE_URL is " + url + " but INVOICE_API_KEY is not set: "
                    + "set the key, or use INVOICE_API_BASE_URL=sandbox to try the local sandbox");
        }
        return new ApiTarget(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, false, true);
    }

    static String setting(String property, Properties props, Map<String, String> env) {
        String value = env.getOrDefault(envName(property), props.getProperty(property, ""));
        return value == null ? "" : value.trim();
    }

    /** The environment variable of a setting: upper case, "." and "-" as "_". */
    static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
