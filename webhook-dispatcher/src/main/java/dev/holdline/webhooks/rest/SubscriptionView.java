package dev.holdline.webhooks.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdline.webhooks.model.Subscription;
import dev.holdline.webhooks.service.EventPatterns;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the admin API shows it; {@code secret} only right after creation or rotation.
 * {@code privateEventTypes}: the private types it names exactly (users' own words sent to its URL), else empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(String id, String url, List<String> eventTypes, List<String> privateEventTypes,
        String description, Map<String, String> headers, String naming, String status, String disabledReason,
        String configName, Instant createdAt, Instant updatedAt, Instant lastSuccessAt, Instant failingSince,
        int consecutiveFailures, Instant circuitOpenUntil, Instant previousSecretUntil, String secret) {

    public static SubscriptionView of(Subscription s, String secret) {
        return new SubscriptionView(s.id, s.url, s.eventTypes, EventPatterns.privateTypes(s.eventTypes),
                s.description, s.headers, s.naming.name(), s.status.name(), s.disabledReason, s.configName,
                s.createdAt, s.updatedAt, s.lastSuccessAt, s.failingSince, s.consecutiveFailures, s.circuitOpenUntil,
                s.previousSecretUntil, secret);
    }
}
