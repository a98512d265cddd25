package dev.holdline.webhooks.model;

import java.time.Instant;

/**
 * A subscription's circuit as its row stores it: the failures since its last success, when they began, until when
 * nothing is sent to it, and its last success. {@link CircuitPolicy} moves it on after each batch of attempts.
 *
 * <p>Closed: {@code openUntil} null. Open: {@code openUntil} ahead, and the subscription's deliveries are not
 * claimed. Half-open: {@code openUntil} passed; its deliveries are claimed again, and the outcome of that trial
 * closes the circuit (a success) or opens it again for longer (a failure).
 */
public record Circuit(int consecutiveFailures, Instant failingSince, Instant openUntil, Instant lastSuccessAt) {

    /** A subscription that has not failed. */
    public static final Circuit CLOSED = new Circuit(0, null, null, null);

    /**
     * Whether the subscription's deliveries may be claimed at {@code now}: closed, or open past its cool-down. The
     * claim ({@code DeliveryQueue.claim}) asks the same of the row in SQL.
     */
    public boolean admits(Instant now) {
        return openUntil == null || !openUntil.isAfter(now);
    }
}
