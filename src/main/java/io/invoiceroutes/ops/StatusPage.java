package io.invoiceroutes.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The status page itself: one static HTML file (with its script and styles) from the classpath, read once. */
public class StatusPage {
    private final String html;

    public StatusPage() {
        try (InputStream in = StatusPage.class.getResourceAsStream("/ops/status.html")) {
            if (in == null) {
                throw new IllegalStateException("ops/status.html is missing from the classpath");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String html() {
        return html;
    }
}
