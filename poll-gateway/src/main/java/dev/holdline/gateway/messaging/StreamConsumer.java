package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.platform.messaging.RabbitConnections;
import dev.holdline.platform.messaging.ReconnectingConsumer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads the stream {@code poll-gateway.events} ({@link StreamDeclaration}) with the RabbitMQ Java client: from
 * {@code gateway.stream.replay} ago at start, and after a broker outage from the offset after the last one it
 * handled ({@link StreamOffsets}), so a reconnect neither loses nor repeats an event. Reconnects by itself every 2 s
 * while the broker is away ({@link ReconnectingConsumer}; readiness says {@code connected: false} meanwhile, liveness
 * is not touched). Deliveries are handled in order on one Vert.x event loop: catch-up markers go to
 * {@link StreamCatchUp}, events to {@link StreamDelivery}, the stream offset of each becoming its cursor, so every
 * replica hands out the same cursors; all are acked in batches ({@link BatchedAcks}).
 */
@ApplicationScoped
public class StreamConsumer {

    public static final String QUEUE = "poll-gateway.events";
    private static final int PREFETCH = 500;
    private static final int ACK_BATCH = 50;
    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    private final EventHub hub;
    private final StreamCatchUp catchUp;
    private final StreamDeclaration declaration;
    private final StreamDelivery delivery;
    private final StreamMetrics metrics;
    private final RabbitConnections connections;
    private final GatewayConfig.Stream stream;
    private final StreamOffsets offsets = new StreamOffsets();
    /** Only touched on the context. */
    private final BatchedAcks acks = new BatchedAcks(ACK_BATCH);
    private volatile Context context;
    private volatile ReconnectingConsumer consumer;
    private volatile boolean streamLost;
    private volatile boolean cancelled;

    public StreamConsumer(EventHub hub, StreamCatchUp catchUp, StreamDeclaration declaration, StreamDelivery delivery,
            StreamMetrics metrics, RabbitConnections connections, GatewayConfig config) {
        this.hub = hub;
        this.catchUp = catchUp;
        this.declaration = declaration;
        this.delivery = delivery;
        this.metrics = metrics;
        this.connections = connections;
        this.stream = config.stream();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        context = vertx.getOrCreateContext();
        consumer = new ReconnectingConsumer(connections, "poll-gateway stream", vertx, Duration.ofSeconds(2),
                this::subscribe);
        consumer.start();
        // acks are sent in batches (one socket write per ACK_BATCH deliveries); this sends the rest when idle
        context.runOnContext(v -> vertx.setPeriodic(1000, id -> acks.flush()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.stop();
        }
    }

    /**
     * False once the stream was deleted under this replica (the broker cancelled its consumer and the stream was
     * gone when it reconnected): offsets start again at 0 in a new stream, so cursors handed out no longer mean
     * anything. The replica must be restarted (its liveness check says so) rather than resume.
     */
    public boolean streamIntact() {
        return !streamLost;
    }

    /** The RabbitMQ node ({@code host:port}) this replica reads the stream through, {@code "none"} while it does not. */
    public String node() {
        return consumer == null ? "none" : consumer.node();
    }

    /** True while a consumer reads the stream. */
    public boolean connected() {
        return consumer != null && consumer.connected();
    }

    /** On a new connection: the stream declared and read from where this replica is. */
    private Channel subscribe(Connection c) throws IOException {
        if (cancelled && !declaration.exists(c)) {
            streamLost = true;
            LOG.errorf("the stream %s was deleted under this replica; its cursors are void: restart it",
                    declaration.queue());
            consumer.stop();
            return null;
        }
        cancelled = false;
        Channel ch = declaration.declare(c);
        ch.basicQos(PREFETCH); // a stream consumer needs credit
        Object from = offsets.startAt(stream.replay());
        DeliverCallback deliver = (tag, message) -> context.runOnContext(v -> handle(ch, message));
        // the broker cancelled the consumer (the stream deleted, or its leader moved): the next connect looks
        ch.basicConsume(declaration.queue(), false, Map.of("x-stream-offset", from),
                deliver, tag -> {
                    cancelled = true;
                    RabbitConnections.closeQuietly(c);
                });
        LOG.infof(from instanceof Long next ? "reconnected: reading %s again after offset %d, on RabbitMQ %s"
                : "reading %s from %s ago, on RabbitMQ %s", declaration.queue(),
                from instanceof Long next ? next - 1 : from, RabbitConnections.address(c));
        return ch;
    }

    /** On the context, in the stream's order. */
    private void handle(Channel from, Delivery message) {
        try {
            AMQP.BasicProperties properties = message.getProperties();
            Object header = properties.getHeaders() == null ? null : properties.getHeaders().get("x-stream-offset");
            Long offset = header instanceof Number n ? n.longValue() : null;
            String text = new String(message.getBody(), StandardCharsets.UTF_8);
            StreamOffsets.Verdict verdict = offset == null ? StreamOffsets.Verdict.NEXT : offsets.check(offset);
            if (verdict == StreamOffsets.Verdict.SEEN) {
                return; // read again after a reconnect: handled already
            }
            if (verdict == StreamOffsets.Verdict.AFTER_GAP) {
                LOG.warnf("offsets %d to %d of %s were gone before this replica read them (dropped by the"
                        + " stream's retention); polls from before them get gap: true", offsets.gapFrom(), offset - 1,
                        declaration.queue());
                hub.missedBefore(offset);
                metrics.gap();
            }
            // a marker only from the replicas' own fanout exchange, where no other service may write: a message
            // on holdline.events claiming to be one (its AMQP type is anyone's to set) is an event like any other
            if (StreamCatchUp.MARKER_TYPE.equals(properties.getType())
                    && StreamDeclaration.markers(declaration.queue()).equals(message.getEnvelope().getExchange())) {
                if (offset != null) {
                    hub.advance(offset);
                }
                catchUp.seen(text);
            } else if (offset == null) {
                LOG.warnf("a delivery without x-stream-offset; is %s a stream?", declaration.queue());
            } else {
                delivery.deliver(declaration.queue(), offset, message.getEnvelope().getRoutingKey(), text, properties);
            }
            if (offset != null) {
                offsets.handled(offset);
                metrics.reached(offset);
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable event: %s", e.getMessage());
        } finally {
            acks.ack(from, message.getEnvelope().getDeliveryTag());
        }
    }
}
