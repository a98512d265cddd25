package dev.holdline.platform.messaging;

import java.util.Map;

/**
 * The arguments that make a queue survive the loss of a RabbitMQ node, one way for every queue Holdline declares
 * (docs/architecture.md lists each queue with them). A quorum queue and a stream keep their messages on
 * {@link #REPLICAS} nodes (Raft for a quorum queue, Osiris for a stream): with three, one node may go, its leaders
 * move to the others and nothing confirmed is lost. On a broker with fewer nodes RabbitMQ starts as many replicas as
 * there are nodes (a single local node takes the same declaration), so the one declaration serves both; a
 * node added later is given replicas by an operator ({@code rabbitmq-queues grow}, {@code rabbitmq-streams
 * add_replica}: docs/operations.md).
 *
 * <p>RabbitMQ refuses to redeclare an existing queue with other arguments (PRECONDITION_FAILED), these included:
 * a queue declared before them must be migrated, or its service told to leave them out
 * (docs/operations.md, "Replicated queues on an existing broker").
 */
public final class Replication {

    /** Replicas per quorum queue and stream: one per node of the three-node cluster k8s/base/infra asks for. */
    public static final int REPLICAS = 3;

    /**
     * Where a stream's leader goes: on the node with the fewest leaders, whichever node the declaring
     * connection reached ({@code client-local} would put every leader where the first gateway happened to connect).
     */
    public static final String LEADER_LOCATOR = "balanced";

    /** A quorum queue on {@code replicas} nodes ({@code x-quorum-initial-group-size}); none for 0 (the broker's default). */
    public static Map<String, Object> quorumQueue(int replicas) {
        return replicas > 0 ? Map.of("x-quorum-initial-group-size", replicas) : Map.of();
    }

    /**
     * A stream on {@code replicas} nodes ({@code x-initial-cluster-size}), its leader placed by
     * {@link #LEADER_LOCATOR} ({@code x-queue-leader-locator}); none for 0 (the broker's defaults).
     */
    public static Map<String, Object> stream(int replicas) {
        return replicas > 0 ? Map.of("x-initial-cluster-size", replicas, "x-queue-leader-locator", LEADER_LOCATOR)
                : Map.of();
    }

    private Replication() {
    }
}
