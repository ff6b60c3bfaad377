package io.invoiceroutes.contract;

import java.util.List;

/**
 * One way a request or response breaks the vendor contract: a readable message and the location
 * inside the body (or the parameter name) as segments, e.g. {@code [files, 0, file_name]}.
 */
public record ContractIssue(String message, List<Object> path) {

    public ContractIssue {
        path = List.copyOf(path);
    }

    /** Renders a location the way API users read it: {@code files[0].file_name}. */
    static String render(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(segment);
            }
        }
        return out.toString();
    }
}
