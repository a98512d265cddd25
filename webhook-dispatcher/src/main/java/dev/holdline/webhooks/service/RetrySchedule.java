package dev.holdline.webhooks.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again: the first attempt is at once, then the delays of {@code webhooks.retry-schedule}
 * (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), each moved by up to {@code jitter} either way. A receiver's
 * {@code Retry-After}, held between {@code retryAfterMin} and {@code retryAfterMax}, is waited out when it is
 * longer.
 */
public final class RetrySchedule {

    private final List<Duration> delays;
    private final double jitter;
    private final Duration retryAfterMin;
    private final Duration retryAfterMax;

    public RetrySchedule(List<Duration> delays, double jitter, Duration retryAfterMin, Duration retryAfterMax) {
        this.delays = List.copyOf(delays);
        this.jitter = Math.max(0, Math.min(jitter, 0.9));
        this.retryAfterMin = retryAfterMin;
        this.retryAfterMax = retryAfterMax;
    }

    /** Attempts in one round: the first and one per delay. */
    public int attempts() {
        return delays.size() + 1;
    }

    /** The wait after {@code attemptsMade} failed attempts; empty when that was the last one. */
    public Optional<Duration> next(int attemptsMade, Duration retryAfter) {
        if (attemptsMade < 1 || attemptsMade > delays.size()) {
            return Optional.empty();
        }
        long base = delays.get(attemptsMade - 1).toMillis();
        long jittered = Math.round(base * (1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1)));
        if (retryAfter != null) {
            Duration bounded = retryAfter.compareTo(retryAfterMax) > 0 ? retryAfterMax
                    : retryAfter.compareTo(retryAfterMin) < 0 ? retryAfterMin : retryAfter;
            long asked = bounded.toMillis();
            jittered = Math.max(jittered, asked);
        }
        return Optional.of(Duration.ofMillis(jittered));
    }
}
