package dev.holdline.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where events travel. Tests give each run its own exchange and queue suffix, so that runs sharing a
 * broker never see each other's messages; in production both keep their defaults.
 */
@ConfigMapping(prefix = "holdline.events")
public interface EventsConfig {

    /** The durable topic exchange every event is published to. */
    @WithDefault(dev.holdline.events.Exchanges.EVENTS)
    String exchange();

    /** Appended to every queue name this service declares; absent in production. */
    Optional<String> queueSuffix();

    /**
     * Appended to each service's name to make its RabbitMQ user's name; absent in production, where the users are
     * named after the services. Tests make users {@code <service>.<run>} and set it to {@code .<run>}.
     */
    Optional<String> userSuffix();

    /**
     * A RabbitMQ user whose events of types Holdline does not know ({@code EventTypes}) are believed all the same;
     * unset (the default, and always in production) such events are refused, whoever sent them. Tests set it to
     * their own publisher, which keeps tests apart with types of their own ({@code order.t1f3...}).
     */
    Optional<String> unknownTypesPublisher();

    /** How long a publish waits for the broker's confirm before it counts as failed. */
    @WithDefault("5s")
    Duration confirmTimeout();

    /**
     * Whether an event that no queue took counts as not published (the caller answers 503, the outbox tries
     * again). Right after RabbitMQ starts, it accepts connections before it has recovered its queues and
     * bindings: an event published then is returned as unroutable and still confirmed, so without this it
     * would be reported sent and reach no one (the soak run lost messages so). On where every event has a
     * consumer (the whole system: poll-gateway's stream takes every event); off for a service run alone,
     * whose events may have no consumer at all (then they are only counted).
     */
    @WithDefault("false")
    boolean failUnroutable();

    /**
     * Bounds of the quorum queue this service consumes through the RabbitMQ connector (its dead-letter queue is
     * declared by rabbitmq-users: {@link QueueBounds#DEAD_LETTERS_MAX_LENGTH}), given to the connector by {@link QueueArguments}: {@code holdline.events.queue.*}.
     */
    Queue queue();

    interface Queue {
        /** Ready messages at most; past it publishes routed to the queue are refused (reject-publish). */
        @WithDefault("500000")
        long maxLength();

        /**
         * Bytes of message bodies at most (512 MiB); past it, as above. With the stream's 2 GB, two such queues
         * and their dead letters stay within the broker's 5 GiB volume.
         */
        @WithDefault("536870912")
        long maxBytes();

        /**
         * Nodes the quorum queue is replicated on ({@code x-quorum-initial-group-size}, {@link Replication}): 3,
         * capped by RabbitMQ to the nodes there are. 0 leaves the argument out, for a queue declared before it
         * existed that is kept rather than migrated (docs/operations.md): RabbitMQ refuses a redeclaration with
         * other arguments.
         */
        @WithDefault("3")
        int replicas();
    }
}
