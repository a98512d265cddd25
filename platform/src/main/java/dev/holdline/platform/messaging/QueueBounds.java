package dev.holdline.platform.messaging;

import java.util.Map;

/**
 * The arguments that bound a queue a user can fill, one way for every service (docs/operations.md lists each
 * queue with its bound). RabbitMQ refuses to redeclare a queue with other arguments (PRECONDITION_FAILED): a
 * changed bound needs the queue migrated, as docs/operations.md says.
 */
public final class QueueBounds {

    /**
     * Dead letters a {@code .dlq} keeps, oldest dropped first: rabbitmq-users (k8s/base/infra) declares each
     * {@code .dlq} with it, and so does the test resource.
     */
    public static final long DEAD_LETTERS_MAX_LENGTH = 100_000;

    /**
     * At most {@code maxLength} ready messages and {@code maxBytes} of bodies; past either, RabbitMQ refuses
     * each publish routed to the queue with a nack ({@code x-overflow=reject-publish}): a confirmed publisher
     * sees the refusal, and the outbox keeps the event and sends it again later. Nothing is dropped. (A quorum
     * queue may go over by what publishers have in flight when it fills.)
     */
    public static Map<String, Object> rejectPublish(long maxLength, long maxBytes) {
        return Map.of("x-max-length", maxLength, "x-max-length-bytes", maxBytes, "x-overflow", "reject-publish");
    }

    /**
     * At most {@code maxLength} messages; past it the oldest is dropped ({@code x-overflow=drop-head}). Only for a
     * queue whose reader can do without old messages (a replica's own fan-out queue, a dead-letter queue kept
     * to look into), where refusing publishes would stall every publisher for one slow reader.
     */
    public static Map<String, Object> dropHead(long maxLength) {
        return Map.of("x-max-length", maxLength, "x-overflow", "drop-head");
    }

    private QueueBounds() {
    }
}
