package io.invoiceroutes.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a presigned storage or download URL before anything is sent to it: it must use the API's own scheme
 * (https for the real API), never point at a link-local address (cloud metadata such as 169.254.169.254), and not at
 * this machine or a private network unless the API itself is on loopback (the local sandbox).
 */
public class PresignedUrls {
    private final String apiScheme;
    private final boolean apiOnLoopback;

    public PresignedUrls(String apiBaseUrl) {
        URI api = URI.create(apiBaseUrl);
        this.apiScheme = api.getScheme() == null ? "https" : api.getScheme().toLowerCase(Locale.ROOT);
        this.apiOnLoopback = isLoopbackHost(api.getHost());
    }

    /** Returns the URL when it may be used; otherwise refuses it, naming why. */
    public String check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw refuse(url, "it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(apiScheme)) {
            throw refuse(url, "its scheme is " + (scheme.isEmpty() ? "missing" : scheme) + ", the API's is " + apiScheme);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refuse(url, "it has no host, or carries credentials");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            // the request itself will fail as a transport error and be retried
            return url;
        }
        for (InetAddress address : addresses) {
            // cloud metadata (169.254.169.254) and other link-local, wildcard or multicast addresses: never, not even
            // for the local sandbox, which only hands out its own loopback URLs
            if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                throw refuse(url, "it points at " + address.getHostAddress() + " (a link-local, wildcard or multicast"
                        + " address, such as a cloud metadata service)");
            }
            if (!apiOnLoopback && (address.isLoopbackAddress() || address.isSiteLocalAddress() || uniqueLocal(address))) {
                throw refuse(url, "it points at " + address.getHostAddress() + " (this machine or a private network)");
            }
        }
        return url;
    }

    /** IPv6 unique local addresses (fc00::/7), the IPv6 private networks. */
    private static boolean uniqueLocal(InetAddress address) {
        return address instanceof java.net.Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ApiException refuse(String url, String why) {
        String shown = url.length() > 80 ? url.substring(0, 80) + "…" : url;
        int query = shown.indexOf('?');
        return new BatchRefusedException(0, "UNSAFE_STORAGE_URL", "refused the presigned URL " + (query < 0 ? shown
                : shown.substring(0, query)) + ": " + why + ". The API should only hand out its own storage URLs.",
                Map.of());
    }
}
