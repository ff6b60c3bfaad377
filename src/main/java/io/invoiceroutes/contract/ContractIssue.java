package io.invoiceroutes.contract;

import java.util.List;

/** One way a request or response breaks the contract: a readable message and where (body path segments). */
public record ContractIssue(String message, List<Object> path) {
}
