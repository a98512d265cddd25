package dev.holdline.gateway.messaging;

import dev.holdline.events.CloudEvent;
import dev.holdline.gateway.service.EventSink;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The services' {@link EventSink}: the {@link EventPublisher}. */
@ApplicationScoped
public class RabbitEventSink implements EventSink {

    private final EventPublisher publisher;

    public RabbitEventSink(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Uni<CloudEvent> publish(CloudEvent event) {
        return publisher.publish(event);
    }
}
