package io.invoiceroutes.deliver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** Signs a webhook body: {@code sha256=<hex HMAC-SHA256 of the exact body bytes>} with the shared secret. */
public class WebhookSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] secret;

    public WebhookSigner(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature header value; refuses to sign without a secret, so nothing unsigned is ever sent. */
    public String sign(byte[] body) {
        if (secret.length == 0) {
            throw new IllegalStateException("INVOICE_DELIVER_WEBHOOK_SECRET is not set: the webhook is never called unsigned");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[secret " + (secret.length == 0 ? "missing" : "set") + "]";
    }
}
