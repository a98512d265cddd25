package dev.holdline.webhooks.model;

import java.time.Duration;
import java.time.Instant;

/**
 * When a subscription's circuit opens, for how long, and when it closes ({@code webhooks.circuit-*}). A success
 * closes it. Consecutive failures open it once they reach {@code failures}: for {@code open}, doubling with each
 * further failure (at most 2^20 times) up to {@code maxOpen}. A failure after the cool-down (the half-open trial)
 * therefore opens it again at once, for twice as long as before.
 *
 * @param failures consecutive failures that open the circuit
 * @param open how long it first stays open
 * @param maxOpen the longest it stays open
 */
public record CircuitPolicy(int failures, Duration open, Duration maxOpen) {

    private static final int MAX_DOUBLINGS = 20;

    /**
     * What one batch of attempts did to one subscription, folded in the order they finished.
     *
     * @param failuresAfterLastSuccess failures after the batch's last success (all of them when none succeeded)
     * @param succeeded whether any attempt succeeded
     * @param gone whether any attempt was answered 410 Gone
     */
    public record Outcomes(int failuresAfterLastSuccess, boolean succeeded, boolean gone) {

        public static final Outcomes NONE = new Outcomes(0, false, false);

        /** These outcomes followed by one more attempt. */
        public Outcomes then(boolean attemptSucceeded, boolean attemptGone) {
            return new Outcomes(attemptSucceeded ? 0 : failuresAfterLastSuccess + 1, succeeded || attemptSucceeded,
                    gone || attemptGone);
        }
    }

    /** The circuit after a batch's outcomes at {@code now}. */
    public Circuit after(Circuit current, Outcomes batch, Instant now) {
        int consecutive = (batch.succeeded() ? 0 : current.consecutiveFailures()) + batch.failuresAfterLastSuccess();
        Instant failingSince;
        if (batch.failuresAfterLastSuccess() == 0) {
            failingSince = null;
        } else if (batch.succeeded() || current.failingSince() == null) {
            failingSince = now;
        } else {
            failingSince = current.failingSince();
        }
        Instant openUntil = consecutive >= failures ? now.plus(openFor(consecutive)) : null;
        Instant lastSuccessAt = batch.succeeded() ? now : current.lastSuccessAt();
        return new Circuit(consecutive, failingSince, openUntil, lastSuccessAt);
    }

    /** {@code open} doubled per failure past {@code failures}, at most 2^20 times, capped at {@code maxOpen}. */
    private Duration openFor(int consecutive) {
        long factor = 1L << Math.min(MAX_DOUBLINGS, consecutive - failures);
        long openMillis = open.toMillis();
        long maxMillis = maxOpen.toMillis();
        return Duration.ofMillis(openMillis > maxMillis / factor ? maxMillis : openMillis * factor);
    }
}
