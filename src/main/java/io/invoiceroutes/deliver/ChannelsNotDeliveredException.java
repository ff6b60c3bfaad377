package io.invoiceroutes.deliver;

/**
 * Some delivery targets of a batch failed in this round (the others were delivered and are not run again): the
 * failure policy keeps the paid batch COMPLETED and tries the rest again later.
 */
public class ChannelsNotDeliveredException extends RuntimeException {
    public ChannelsNotDeliveredException(String message) {
        super(message);
    }
}
