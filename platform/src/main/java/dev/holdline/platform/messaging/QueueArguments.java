package dev.holdline.platform.messaging;

import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;

/**
 * The bounds of a consumer's quorum queue and of its dead-letter queue, as the RabbitMQ connector takes them
 * (beans named in {@code mp.messaging.incoming.<channel>.queue.arguments=holdline-bounded-queue} and
 * {@code ...dead-letter-queue.arguments=holdline-bounded-dlq}), from {@code holdline.events.queue.*}.
 */
@ApplicationScoped
public class QueueArguments {

    public static final String BOUNDED_QUEUE = "holdline-bounded-queue";
    public static final String BOUNDED_DLQ = "holdline-bounded-dlq";

    @Produces
    @Unremovable
    @Identifier(BOUNDED_QUEUE)
    Map<String, Object> boundedQueue(EventsConfig events) {
        return QueueBounds.rejectPublish(events.queue().maxLength(), events.queue().maxBytes());
    }

    @Produces
    @Unremovable
    @Identifier(BOUNDED_DLQ)
    Map<String, Object> boundedDeadLetters(EventsConfig events) {
        return QueueBounds.dropHead(events.queue().dlqMaxLength());
    }
}
