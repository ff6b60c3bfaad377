package io.invoiceroutes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings the environment sets ({@code INVOICE_FOO_BAR} for {@code invoice.foo-bar}, for every setting of the
 * properties file), handed to Camel as override properties with the environment only as a fallback: Camel would
 * otherwise let a variable win over everything, so the sandbox App starts for {@code INVOICE_API_BASE_URL=sandbox}
 * could never replace that word with its URL, nor keep a real {@code INVOICE_API_KEY} from being sent to it.
 */
final class EnvironmentSettings {
    private EnvironmentSettings() {
    }

    /** Setting name to the environment's value, for each setting of {@code propertiesFile} the environment sets. */
    static Map<String, String> of(Path propertiesFile, Map<String, String> env) throws IOException {
        Properties props = PropertiesFile.load(propertiesFile);
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            String value = env.get(ApiTarget.envName(name));
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }
}
