package io.invoiceroutes.ops;

import org.apache.camel.console.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

import java.util.Map;

/**
 * A developer console that hands on another's output with every secret in an endpoint URI masked (an SFTP or IMAP
 * password sits in its route's URI), as camel-cli-connector writes the consoles to ~/.camel/ for the Camel CLI.
 */
public class MaskedDevConsole extends AbstractDevConsole {
    private final DevConsole delegate;

    public MaskedDevConsole(DevConsole delegate) {
        super(delegate.getGroup(), delegate.getId(), delegate.getDisplayName(), delegate.getDescription());
        this.delegate = delegate;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        return String.valueOf(mask(delegate.call(MediaType.TEXT, options)));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        Object out = mask(delegate.call(MediaType.JSON, options));
        return out instanceof Map<?, ?> map ? (Map<String, Object>) map : new JsonObject();
    }

    /** A copy of a console's output (JSON objects, arrays, text) with URI secrets replaced by xxxxxx. */
    static Object mask(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject copy = new JsonObject();
            map.forEach((k, v) -> copy.put(String.valueOf(k), mask(v)));
            return copy;
        }
        if (value instanceof Iterable<?> list) {
            JsonArray copy = new JsonArray();
            list.forEach(v -> copy.add(mask(v)));
            return copy;
        }
        if (value instanceof String s && s.contains("=")) {
            return URISupport.sanitizeUri(s);
        }
        return value;
    }
}
