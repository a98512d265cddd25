package dev.holdline.gateway.messaging;

import dev.holdline.events.CloudEvent;
import dev.holdline.gateway.service.EventSink;
import dev.holdline.platform.messaging.ConfirmedPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The services' {@link EventSink}: the platform's {@link ConfirmedPublisher} (pipelined confirms, a timeout on
 * every publish), so an event counts as sent only once RabbitMQ has it.
 */
@ApplicationScoped
public class RabbitEventSink implements EventSink {

    private final ConfirmedPublisher publisher;

    public RabbitEventSink(ConfirmedPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Uni<CloudEvent> publish(CloudEvent event) {
        return Uni.createFrom().completionStage(() -> publisher.publish(event)).replaceWith(event);
    }
}
