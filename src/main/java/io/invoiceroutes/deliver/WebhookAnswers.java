package io.invoiceroutes.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What a webhook answer means: 2xx delivered; 400, 413, 415 and 422 a refusal of this document (dead-lettered, not
 * sent again); anything else - 5xx, 429, 408, 401, 403, 404 - the receiver is unavailable, so it is tried again.
 */
public class WebhookAnswers {
    /** The answers that refuse the document itself: sending the same bytes again cannot succeed. */
    static final Set<Integer> REFUSED = Set.of(400, 413, 415, 422);
    private static final int SNIPPET = 300;

    /** Returns normally for a 2xx answer; throws {@link DeliveryRefusedException} or {@link ChannelUnavailableException}. */
    public void check(int status, InputStream body) throws IOException {
        String snippet = snippet(body);
        if (status >= 200 && status < 300) {
            return;
        }
        String message = "the webhook answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (REFUSED.contains(status)) {
            throw new DeliveryRefusedException(status, message);
        }
        throw new ChannelUnavailableException(message);
    }

    /** At most a few hundred bytes of the answer, read with a cap (a hostile receiver cannot fill the memory). */
    private static String snippet(InputStream body) throws IOException {
        if (body == null) {
            return "";
        }
        try (body) {
            String text = new String(body.readNBytes(SNIPPET), StandardCharsets.UTF_8).strip();
            return text.replaceAll("\\p{Cntrl}", " ");
        }
    }
}
