package dev.holdline.gateway.messaging;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.Exchanges;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes what users say (chat, typing, read receipts, notifications) to {@code holdline.events} with
 * publisher confirms. It reaches pollers through the stream like every other event, so every replica
 * serves it and history sees it.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String CHANNEL = "events-out";

    private final Emitter<String> emitter;

    public EventPublisher(@Channel(CHANNEL) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Completes once the broker has confirmed the event. */
    public Uni<CloudEvent> publish(CloudEvent event) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(event.type())
                .withContentType(Exchanges.CLOUDEVENTS_JSON)
                .withMessageId(event.id())
                .withType(event.type())
                .withDeliveryMode(2)
                .build();
        emitter.send(Message.of(event.toJson())
                .addMetadata(metadata)
                .withAck(() -> {
                    confirmed.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    confirmed.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                }));
        return Uni.createFrom().completionStage(confirmed).replaceWith(event);
    }
}
