package dev.holdline.webhooks.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** webhook-dispatcher's settings ({@code WEBHOOKS_*}); every default is safe in production. */
@ConfigMapping(prefix = "webhooks")
public interface WebhooksConfig {

    /** Only https destinations (the prod profile); dev and test also allow http. */
    @WithDefault("true")
    boolean requireHttps();

    /** CIDRs of internal receivers an operator allows, e.g. {@code 10.1.0.0/16}; empty: none. */
    Optional<List<String>> allowedCidrs();

    /** Delay before each attempt after the first; the first is at once. Its length + 1 is the attempt count. */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Each delay is moved by up to this fraction either way, so retries of many deliveries spread out. */
    @WithDefault("0.2")
    double retryJitter();

    /** A receiver's {@code Retry-After} is honoured between these bounds. */
    @WithDefault("1s")
    Duration retryAfterMin();

    @WithDefault("6h")
    Duration retryAfterMax();

    @WithDefault("5s")
    Duration connectTimeout();

    /** The whole request, from connecting to the last byte of the answer. */
    @WithDefault("15s")
    Duration requestTimeout();

    /** How long a sender holds a claimed delivery; longer than a request, so only a crash lets it lapse. */
    @WithDefault("60s")
    Duration lease();

    /** Bytes of a receiver's answer kept with the attempt. */
    @WithDefault("1024")
    int responseBodyCap();

    /** Requests in flight to one subscription, per replica. */
    @WithDefault("32")
    int maxInFlightPerSubscription();

    /** Requests in flight for first attempts, per replica. */
    @WithDefault("512")
    int maxInFlightFirst();

    /** Requests in flight for retries, per replica: retries never take the first attempts' share. */
    @WithDefault("128")
    int maxInFlightRetry();

    /** Consecutive failures after which a subscription's circuit opens. */
    @WithDefault("10")
    int circuitFailures();

    /** The first open period; it doubles with each further failure, up to {@link #circuitMaxOpen()}. */
    @WithDefault("5s")
    Duration circuitOpen();

    @WithDefault("10m")
    Duration circuitMaxOpen();

    /** A subscription with failures and no success for this long is disabled; the admins are told ({@code role:admin}). */
    @WithDefault("5d")
    Duration disableAfter();

    /** How often subscriptions are checked for {@link #disableAfter()}. */
    @WithDefault("60s")
    Duration watchInterval();

    /** Old attempts and delivered payloads are removed after this. */
    @WithDefault("30d")
    Duration retention();

    /** How long a rotated-out secret keeps signing (both signatures are sent meanwhile). */
    @WithDefault("24h")
    Duration secretOverlap();

    @WithDefault("1000")
    int maxSubscriptions();

    /** How often senders look for due deliveries when nothing woke them. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events stored per transaction as they arrive from RabbitMQ. */
    @WithDefault("256")
    int intakeBatch();
}
