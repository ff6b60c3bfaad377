package io.invoiceroutes.store;

/** This instance's lease on a batch ran out and another instance took it: the worker stops, changing nothing. */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(String batchId) {
        super("the lease on batch " + batchId + " belongs to another instance now");
    }
}
