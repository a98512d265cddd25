package dev.holdline.platform.messaging;

import java.io.IOException;
import java.util.concurrent.CompletionException;

/**
 * An event could not be confirmed by RabbitMQ (away, refusing, or too slow). A request that needed it is
 * answered 503 with {@code Retry-After}: the caller tries again, nothing half-done is left behind.
 */
public class BrokerUnavailableException extends IOException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What a refused publish fails with: RabbitMQ answered with a nack (a bounded queue it routes to is full). */
    public static final String REFUSED = "RabbitMQ refused the event (a queue it routes to is full:"
            + " x-overflow reject-publish)";

    /** Whether {@code failure} is RabbitMQ refusing a publish, rather than being away or slow. */
    public static boolean refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (REFUSED.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** {@code failure} as this exception (unwrapped from a {@link CompletionException}). */
    public static BrokerUnavailableException of(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof BrokerUnavailableException known) {
            return known;
        }
        return new BrokerUnavailableException("RabbitMQ did not confirm the event: " + cause, cause);
    }
}
