package dev.holdline.webhooks.messaging;

import dev.holdline.events.CloudEvent;
import dev.holdline.platform.messaging.Payloads;
import dev.holdline.platform.messaging.PublisherCheck;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import dev.holdline.webhooks.service.EventIntake;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Takes every event from the quorum queue {@code webhook-dispatcher.events} (bound to {@code #}). Acks only
 * once the event and its deliveries are committed; a message that is no CloudEvent, or not one its type's publisher
 * sent under that type ({@link PublisherCheck}), goes to the dead-letter queue; one that could not be stored for another reason (the intake is full or stopping) is put back.
 */
@ApplicationScoped
public class EventsConsumer {

    public static final String CHANNEL = "events";
    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);

    private final EventIntake intake;
    private final PublisherCheck publisherCheck;

    public EventsConsumer(EventIntake intake, PublisherCheck publisherCheck) {
        this.intake = intake;
        this.publisherCheck = publisherCheck;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<?> message) {
        CloudEvent event;
        try {
            event = CloudEvent.fromJson(Payloads.text(message.getPayload()));
            if (event.id() == null || event.id().isBlank() || event.id().length() > 200 || event.type() == null
                    || event.type().isBlank() || event.type().length() > 200) {
                throw new IllegalArgumentException("an event needs an id and a type (at most 200 characters)");
            }
        } catch (RuntimeException e) {
            LOG.errorf("parking an unreadable message in the dead-letter queue: %s", e.getMessage());
            return message.nack(e);
        }
        // its type is the routing key RabbitMQ checked, sent by that type's publisher; else dead-lettered
        IncomingRabbitMQMetadata delivery = message.getMetadata(IncomingRabbitMQMetadata.class).orElseThrow();
        if (!publisherCheck.believed(delivery.getRoutingKey(), event.type(), delivery.getUserId().orElse(null),
                event.id(), delivery.getHeaders())) {
            return message.nack(new IllegalArgumentException("refused: not an event of its publisher"));
        }
        // not awaited here: the next message is taken at once, so many wait for one transaction (up to
        // max-outstanding-messages); each is acked or put back when its own batch is done
        intake.take(event).whenComplete((stored, error) -> {
            if (error == null) {
                message.ack();
            } else {
                LOG.warnf("event %s not stored (%s); it goes back to the queue", event.id(), error.getMessage());
                message.nack(error, Metadata.of(new RabbitMQRejectMetadata(true)));
            }
        });
        return CompletableFuture.completedFuture(null);
    }
}
