package io.invoiceroutes.deliver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Signs one webhook request: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<delivery id>.<body>">} with the
 * shared secret, so a receiver can refuse a changed body, a replayed delivery id and a stale timestamp.
 */
public class WebhookSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] secret;
    private final Clock clock;

    public WebhookSigner(String secret) {
        this(secret, Clock.systemUTC());
    }

    public WebhookSigner(String secret, Clock clock) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The X-Invoice-Signature value for this attempt, timestamped now (every attempt is signed afresh). */
    public String sign(String deliveryId, byte[] body) {
        return sign(clock.instant().getEpochSecond(), deliveryId, body);
    }

    /** The X-Invoice-Signature value for a given time; refuses to sign without a secret, so nothing goes unsigned. */
    public String sign(long unixSeconds, String deliveryId, byte[] body) {
        if (secret.length == 0) {
            throw new IllegalStateException("INVOICE_DELIVER_WEBHOOK_SECRET is not set: the webhook is never called unsigned");
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a delivery id is needed, without dots");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((unixSeconds + "." + deliveryId + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[secret " + (secret.length == 0 ? "missing" : "set") + "]";
    }
}
