package dev.holdline.gateway.messaging;

import dev.holdline.events.EventTypes;
import dev.holdline.gateway.service.PresenceService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands the {@code presence.changed} events read from the stream (every replica's, this one's included) to
 * {@link PresenceService#observed}, with the rooms they name and when they were said; other events pass by.
 */
@ApplicationScoped
public class PresenceRouting {

    private final PresenceService presence;

    public PresenceRouting(PresenceService presence) {
        this.presence = presence;
    }

    /** {@code type}: the routing key RabbitMQ checked. */
    void route(String type, StreamEvent event) {
        if (EventTypes.PRESENCE_CHANGED.equals(type)) {
            presence.observed(event.data(), event.channels(), event.saidAt());
        }
    }
}
