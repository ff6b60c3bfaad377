package io.invoiceroutes.sandbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Signs and verifies S3-style presigned storage URLs with an HMAC-SHA256 over method, path and expiry. */
public final class UrlSigner {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private final byte[] secret = new byte[32];

    public UrlSigner() {
        new SecureRandom().nextBytes(secret);
    }

    /** Builds the raw (already encoded) query for a URL issued at {@code issued} living {@code ttlSeconds}. */
    public String query(String method, String path, Instant issued, long ttlSeconds) {
        String date = AMZ_DATE.format(issued);
        String credential = "sandbox%2F" + DAY.format(issued) + "%2Fus-east-1%2Fs3%2Faws4_request";
        return "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + credential
                + "&X-Amz-Date=" + date
                + "&X-Amz-Expires=" + ttlSeconds
                + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=" + sign(method, path, date, ttlSeconds, credential);
    }

    /** Returns null when the raw query is a valid, unexpired signature for method+path, else the reason. */
    public String verify(String method, String path, String rawQuery, Instant now) {
        if (rawQuery == null) {
            return "AccessDenied: missing signature";
        }
        String date = null;
        String expires = null;
        String sig = null;
        String credential = null;
        for (String p : rawQuery.split("&")) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = p.substring(0, eq);
            String v = p.substring(eq + 1);
            switch (k) {
                case "X-Amz-Date" -> date = v;
                case "X-Amz-Expires" -> expires = v;
                case "X-Amz-Signature" -> sig = v;
                case "X-Amz-Credential" -> credential = v;
                default -> { }
            }
        }
        if (date == null || expires == null || sig == null || credential == null) {
            return "AccessDenied: query string authentication requires X-Amz-Date, X-Amz-Expires, X-Amz-Credential and X-Amz-Signature";
        }
        long ttl;
        Instant issued;
        try {
            ttl = Long.parseLong(expires);
            issued = Instant.from(AMZ_DATE.parse(date));
        } catch (RuntimeException e) {
            return "AuthorizationQueryParametersError: malformed X-Amz-Date or X-Amz-Expires";
        }
        if (!constantEquals(sign(method, path, date, ttl, credential), sig)) {
            return "SignatureDoesNotMatch: the request signature we calculated does not match the signature you provided; send the URL exactly as issued";
        }
        if (now.isAfter(issued.plusSeconds(ttl))) {
            return "AccessDenied: Request has expired; ask the API for a fresh URL";
        }
        return null;
    }

    private String sign(String method, String path, String date, long ttl, String credential) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String text = method + "\n" + path + "\n" + date + "\n" + ttl + "\n" + credential;
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
