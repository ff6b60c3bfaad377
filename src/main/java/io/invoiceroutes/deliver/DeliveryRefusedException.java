package io.invoiceroutes.deliver;

/**
 * A receiver looked at what a channel sent and refused it for good (e.g. the webhook answered 400 or 422): sending
 * the same again cannot help, so it is kept in the channel's dead-letter folder and the batch goes on.
 */
public class DeliveryRefusedException extends RuntimeException {
    private final int statusCode;

    public DeliveryRefusedException(int statusCode, String message) {
        super(message);
        this.statusCode = statusCode;
    }

    public int getStatusCode() {
        return statusCode;
    }
}
