package dev.holdline.gateway.service;

import dev.holdline.events.CloudEvent;
import io.smallrye.mutiny.Uni;

/** Where the gateway's own events go: {@code holdline.events}, through RabbitMQ ({@code messaging/}). */
public interface EventSink {

    /** Completes once the broker has the event; fails if it refused it or could not be reached. */
    Uni<CloudEvent> publish(CloudEvent event);
}
