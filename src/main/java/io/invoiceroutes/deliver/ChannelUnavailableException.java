package io.invoiceroutes.deliver;

import java.io.IOException;

/** A receiver is not taking deliveries now (5xx, 429, 401, 404, ...): the channel retries, then the batch waits. */
public class ChannelUnavailableException extends IOException {
    public ChannelUnavailableException(String message) {
        super(message);
    }
}
