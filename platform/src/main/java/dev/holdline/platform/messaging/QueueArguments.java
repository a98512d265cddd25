package dev.holdline.platform.messaging;

import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;

/**
 * The bound of a consumer's quorum queue, as the RabbitMQ connector takes it (the bean named in
 * {@code mp.messaging.incoming.<channel>.queue.arguments=holdline-bounded-queue}), from
 * {@code holdline.events.queue.*}.
 */
@ApplicationScoped
public class QueueArguments {

    public static final String BOUNDED_QUEUE = "holdline-bounded-queue";

    @Produces
    @Unremovable
    @Identifier(BOUNDED_QUEUE)
    Map<String, Object> boundedQueue(EventsConfig events) {
        return QueueBounds.rejectPublish(events.queue().maxLength(), events.queue().maxBytes());
    }
}
