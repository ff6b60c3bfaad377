package io.invoiceroutes.ops;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The "properties" developer console with every secret masked: camel-cli-connector writes this console to
 * ~/.camel/&lt;pid&gt;-status.json, and Camel's own console puts every resolved value there, the API key included.
 */
public class MaskedPropertiesDevConsole extends AbstractDevConsole {
    static final String MASK = "xxxxxx";

    public MaskedPropertiesDevConsole() {
        super("camel", "properties", "Properties", "Property placeholders, with secrets masked");
    }

    /** True for a key whose value must never be shown (passwords, secrets, tokens, keys, passphrases). */
    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SensitiveUtils.containsSensitive(k) || k.endsWith("key") || k.endsWith("password") || k.endsWith("secret")
                || k.endsWith("token") || k.endsWith("passphrase");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        Properties p = getCamelContext().getPropertiesComponent().loadProperties();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            sb.append(String.format("    %s = %s%n", k, secret(k) ? MASK : value(k, p)));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        JsonArray arr = new JsonArray();
        Properties p = getCamelContext().getPropertiesComponent().loadProperties();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            JsonObject jo = new JsonObject();
            jo.put("key", k);
            jo.put("value", secret(k) ? MASK : value(k, p));
            arr.add(jo);
        }
        root.put("properties", arr);
        return root;
    }

    private String value(String key, Properties p) {
        PropertiesComponent pc = getCamelContext().getPropertiesComponent();
        return pc.getResolvedValue(key).map(v -> String.valueOf(v.value())).orElse(p.getProperty(key));
    }
}
