package io.invoiceroutes.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets the status page's actions (cancel, replay) through only with the configured token, sent as
 * {@code Authorization: Bearer <token>} or {@code X-Operator-Token}, compared in constant time and never echoed.
 */
public class OperatorToken {
    private final byte[] expected;

    public OperatorToken(String token) {
        this.expected = token == null || token.isBlank() ? null : digest(token.trim());
    }

    /** True when actions are possible at all (a token is configured). */
    public boolean configured() {
        return expected != null;
    }

    /** Refuses the request unless one of the headers carries the token. */
    public void require(String authorization, String operatorHeader) {
        if (expected == null) {
            throw new OperatorRefusedException(403, "Operator actions are off: set INVOICE_OPS_TOKEN to allow cancel and replay.");
        }
        String given = operatorHeader;
        if ((given == null || given.isBlank()) && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7);
        }
        if (given == null || given.isBlank() || !MessageDigest.isEqual(expected, digest(given.trim()))) {
            throw new OperatorRefusedException(401, "This action needs the operator token (Authorization: Bearer <token>).");
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An action refused: 403 when actions are off, 401 when the token is missing or wrong. */
    public static class OperatorRefusedException extends RuntimeException {
        private final int status;

        public OperatorRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
