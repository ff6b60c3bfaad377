package io.invoiceroutes.api;

/**
 * One request to the vendor API, the body the {@code api-call} route takes: method, path under the base URL,
 * query string (or null) and JSON body (a map or list, or null). Its {@code group} is the rate limit it counts against.
 */
public record ApiRequest(String method, String path, String query, Object body) {

    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path, null, null);
    }

    public static ApiRequest get(String path, String query) {
        return new ApiRequest("GET", path, query, null);
    }

    public static ApiRequest post(String path, Object body) {
        return new ApiRequest("POST", path, null, body);
    }

    /** The contract's rate-limit group of this request. */
    public String group() {
        return RateGroups.group(method, path);
    }
}
