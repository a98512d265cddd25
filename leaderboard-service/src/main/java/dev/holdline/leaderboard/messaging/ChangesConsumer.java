package dev.holdline.leaderboard.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.LeaderboardReset;
import dev.holdline.events.leaderboard.LeaderboardSnapshot;
import dev.holdline.events.leaderboard.PlayerRenamed;
import dev.holdline.events.leaderboard.ScoreRemoved;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.service.BoardRanks;
import dev.holdline.leaderboard.service.ReplicaInstance;
import dev.holdline.leaderboard.service.ReplicaUpdates;
import dev.holdline.leaderboard.service.SnapshotService;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.PublisherCheck;
import dev.holdline.platform.messaging.QueueBounds;
import dev.holdline.platform.messaging.RabbitConnections;
import dev.holdline.platform.messaging.ReconnectingConsumer;
import dev.holdline.platform.messaging.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * This replica's queue {@code leaderboard-service.changes.<instance>} (classic, exclusive, auto-deleted: it
 * lives as long as the replica's connection), bound to {@code leaderboard.updated} and
 * {@code score.submitted}, {@code score.removed}, {@code leaderboard.reset} and {@code player.renamed}: snapshots
 * from any replica go to this replica's sockets, batches of scores taken (one message per board per batch) or
 * entries removed and players renamed by the others into its rank indexes, and a seeded or deleted board is read
 * afresh. Its own batches of scores come back too and are skipped: it ranked them as they committed. Reconnects by
 * itself every 2 s while the broker is away ({@link ReconnectingConsumer}); after an outage the rank indexes are
 * reloaded from PostgreSQL, since events may have been missed meanwhile. The queue holds at most
 * {@code leaderboard.changes-queue-max-length} changes, oldest dropped first: a replica that stops reading (it reads
 * with auto-ack, so only a replica that no longer reads its socket lets it fill) may show stale ranks until it
 * reconnects, and never stalls the publishers, as refusing publishes would.
 */
@ApplicationScoped
public class ChangesConsumer {

    private static final Logger LOG = Logger.getLogger(ChangesConsumer.class);

    private final RabbitConnections connections;
    private final ReplicaUpdates replicas;
    private final SnapshotService snapshots;
    private final BoardRanks ranks;
    private final PublisherCheck publisherCheck;
    private final Tracer tracer;
    private final String exchange;
    private final String queue;
    private final int queueMaxLength;
    private volatile ReconnectingConsumer consumer;
    /** Touched only in {@link #subscribe}, which {@link ReconnectingConsumer} calls one at a time. */
    private boolean everConnected;

    public ChangesConsumer(RabbitConnections connections, ReplicaUpdates replicas, SnapshotService snapshots,
            BoardRanks ranks, PublisherCheck publisherCheck, Tracer tracer, EventsConfig events,
            ReplicaInstance replica, LeaderboardConfig config) {
        this.connections = connections;
        this.replicas = replicas;
        this.snapshots = snapshots;
        this.ranks = ranks;
        this.publisherCheck = publisherCheck;
        this.tracer = tracer;
        this.exchange = events.exchange();
        this.queue = "leaderboard-service.changes." + replica.name() + events.queueSuffix().orElse("");
        this.queueMaxLength = config.changesQueueMaxLength();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        consumer = new ReconnectingConsumer(connections, "leaderboard-service changes", vertx, Duration.ofSeconds(2),
                this::subscribe);
        consumer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.stop();
        }
    }

    public boolean connected() {
        return consumer != null && consumer.connected();
    }

    /** The RabbitMQ node ({@code host:port}) this replica's queue lives on, {@code "none"} while it has none. */
    public String node() {
        return consumer == null ? "none" : consumer.node();
    }

    public String queue() {
        return queue;
    }

    /** Declares this replica's queue on a new connection and reads it; after an outage the ranks are reloaded. */
    private Channel subscribe(Connection c) throws IOException {
        Channel channel = c.createChannel();
        channel.exchangeDeclarePassive(exchange); // declared by rabbitmq-users: this service may not configure it
        channel.queueDeclare(queue, false, true, true, QueueBounds.dropHead(queueMaxLength));
        channel.queueBind(queue, exchange, EventTypes.LEADERBOARD_UPDATED);
        channel.queueBind(queue, exchange, EventTypes.SCORE_SUBMITTED);
        channel.queueBind(queue, exchange, EventTypes.SCORE_REMOVED);
        channel.queueBind(queue, exchange, EventTypes.LEADERBOARD_RESET);
        channel.queueBind(queue, exchange, EventTypes.PLAYER_RENAMED);
        DeliverCallback deliver = (tag, delivery) -> {
            // a CONSUMER span in the trace of whoever published the change (its traceparent header)
            Span span = TraceHeaders.startConsumer(tracer, delivery.getEnvelope().getRoutingKey(), queue,
                    delivery.getProperties().getMessageId(), delivery.getProperties().getHeaders());
            try (Scope scope = span.makeCurrent()) {
                handle(delivery.getEnvelope().getRoutingKey(), delivery.getProperties().getUserId(),
                        delivery.getProperties().getHeaders(), new String(delivery.getBody(), StandardCharsets.UTF_8));
            } finally {
                span.end();
            }
        };
        // the queue gone (its node lost) while the connection lives: start afresh on the next check
        channel.basicConsume(queue, true, deliver, tag -> RabbitConnections.closeQuietly(c));
        if (everConnected) {
            LOG.infof("reconnected to RabbitMQ; reloading ranks, which may have missed scores meanwhile");
            ranks.forgetAll();
        }
        everConnected = true;
        LOG.infof("reading %s and %s on %s, on RabbitMQ %s", EventTypes.LEADERBOARD_UPDATED,
                EventTypes.SCORE_SUBMITTED, queue, RabbitConnections.address(c));
        return channel;
    }

    /**
     * Acts on an event of {@code type}, the routing key RabbitMQ checked; one whose body says another type, or that
     * its type's publisher did not send ({@code userId}), or a dead-lettered copy ({@code headers}), is skipped ({@link PublisherCheck}): this queue is auto-acked
     * and has no dead-letter queue.
     */
    private void handle(String type, String userId, Map<String, Object> headers, String body) {
        try {
            CloudEvent event = CloudEvent.fromJson(body);
            if (!publisherCheck.believed(type, event.type(), userId, event.id(), headers)) {
                return;
            }
            if (EventTypes.SCORE_SUBMITTED.equals(type)) {
                replicas.taken(event.replica(), event.dataAs(ScoreSubmitted.class));
            } else if (EventTypes.SCORE_REMOVED.equals(type)) {
                replicas.removed(event.dataAs(ScoreRemoved.class));
            } else if (EventTypes.LEADERBOARD_UPDATED.equals(type)) {
                snapshots.received(event.dataAs(LeaderboardSnapshot.class));
            } else if (EventTypes.LEADERBOARD_RESET.equals(type)) {
                replicas.reset(event.dataAs(LeaderboardReset.class));
            } else if (EventTypes.PLAYER_RENAMED.equals(type)) {
                replicas.renamed(event.dataAs(PlayerRenamed.class));
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable %s message: %s", type, e.getMessage());
        }
    }
}
