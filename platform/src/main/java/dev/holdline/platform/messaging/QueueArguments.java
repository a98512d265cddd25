package dev.holdline.platform.messaging;

import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Map;

/**
 * The bound and the replication of a consumer's quorum queue, as the RabbitMQ connector takes them (the bean named
 * in {@code mp.messaging.incoming.<channel>.queue.arguments=holdline-bounded-queue}), from
 * {@code holdline.events.queue.*}: {@link QueueBounds#rejectPublish} and {@link Replication#quorumQueue}.
 */
@ApplicationScoped
public class QueueArguments {

    public static final String BOUNDED_QUEUE = "holdline-bounded-queue";

    @Produces
    @Unremovable
    @Identifier(BOUNDED_QUEUE)
    Map<String, Object> boundedQueue(EventsConfig events) {
        return arguments(events.queue());
    }

    /** The arguments of a queue bounded and replicated as {@code queue} says. */
    public static Map<String, Object> arguments(EventsConfig.Queue queue) {
        Map<String, Object> arguments = new HashMap<>(QueueBounds.rejectPublish(queue.maxLength(), queue.maxBytes()));
        arguments.putAll(Replication.quorumQueue(queue.replicas()));
        return Map.copyOf(arguments);
    }
}
