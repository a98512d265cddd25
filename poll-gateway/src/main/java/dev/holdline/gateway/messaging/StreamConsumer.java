package dev.holdline.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.BufferedEvent;
import dev.holdline.gateway.service.Cursors;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.ImageOwners;
import dev.holdline.gateway.service.PresenceService;
import dev.holdline.gateway.service.StreamEpoch;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.PublisherCheck;
import dev.holdline.platform.messaging.RabbitConnections;
import dev.holdline.platform.messaging.Replication;
import dev.holdline.platform.messaging.TraceHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reads the stream {@code poll-gateway.events} (bound to {@code #}) into the {@link EventHub}, with the RabbitMQ
 * Java client: from {@code gateway.stream.replay} ago at start, and after a broker outage from the offset after
 * the last one it handled, so a reconnect neither loses nor repeats an event. Reconnects by itself every 2 s
 * while the broker is away (readiness is down meanwhile; liveness is not touched). Deliveries are handled in
 * order on one Vert.x event loop; the stream offset of each becomes the event's cursor, so every replica hands
 * out the same cursors. Catch-up markers are passed to {@link StreamCatchUp}.
 */
@ApplicationScoped
public class StreamConsumer {

    public static final String QUEUE = "poll-gateway.events";
    /** The {@code source} of the events an image's owner is learnt from (upload-service's application name). */
    static final String IMAGE_OWNER_SOURCE = "upload-service";
    private static final int PREFETCH = 500;
    private static final int ACK_BATCH = 50;
    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    private final EventHub hub;
    private final ImageOwners owners;
    private final StreamCatchUp catchUp;
    private final StreamEpoch epoch;
    private final ObjectMapper mapper;
    private final PresenceService presence;
    private final Clock clock;
    private final RabbitConnections connections;
    private final PublisherCheck publisherCheck;
    private final Tracer tracer;
    private final Vertx vertx;
    private final String exchange;
    private final String queue;
    private final GatewayConfig.Stream stream;
    private volatile Context context;
    private volatile Connection connection;
    private volatile Channel channel;
    /** The last offset handled; the next consumer starts after it. */
    private volatile long lastOffset = -1;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile boolean stopped;
    /** A stream found with other bounds was warned about once (connect() is synchronized). */
    private boolean keptOtherBounds;
    private volatile boolean streamLost;
    private volatile boolean cancelled;
    private long timer;
    // only touched on the context
    private Channel ackChannel;
    private long ackTag;
    private int unacked;
    /**
     * How old the last event was when this replica handled it, in ms, and when that was: the gauge
     * holdline_gateway_stream_lag_seconds says it for a minute, then 0 (a quiet stream is not a late one).
     */
    private final AtomicLong lagMillis = new AtomicLong();
    private volatile long lagSetAt;
    /** Times the stream's retention dropped offsets before this replica read them. */
    private final Counter gaps;

    public StreamConsumer(EventHub hub, ImageOwners owners, StreamCatchUp catchUp, StreamEpoch epoch,
            ObjectMapper mapper, PresenceService presence, Clock clock, RabbitConnections connections,
            PublisherCheck publisherCheck, Tracer tracer, Vertx vertx, EventsConfig events, GatewayConfig config,
            MeterRegistry metrics) {
        this.hub = hub;
        this.owners = owners;
        this.catchUp = catchUp;
        this.epoch = epoch;
        this.mapper = mapper;
        this.presence = presence;
        this.clock = clock;
        this.connections = connections;
        this.publisherCheck = publisherCheck;
        this.tracer = tracer;
        this.vertx = vertx;
        this.exchange = events.exchange();
        this.queue = QUEUE + events.queueSuffix().orElse("");
        this.stream = config.stream();
        // how far behind this replica reads: the age of the last event it handled, and the offset it reached
        // (replicas read the same stream: one far behind the others is stuck or slow)
        metrics.gauge("holdline.gateway.stream.lag.seconds", this, StreamConsumer::lagSeconds);
        metrics.gauge("holdline.gateway.stream.offset", this, consumer -> consumer.lastOffset);
        this.gaps = Counter.builder("holdline.gateway.stream.gaps")
                .description("Times the stream's retention dropped offsets before this replica read them")
                .register(metrics);
    }

    void onStart(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        connect();
        // while the broker is away: try again every 2 s, off the event loop (connecting blocks), one try at a time
        timer = vertx.setPeriodic(2000, id -> {
            if (!connected() && connecting.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    try {
                        connect();
                    } finally {
                        connecting.set(false);
                    }
                    return null;
                }, false);
            }
        });
        // acks are sent in batches (one socket write per ACK_BATCH deliveries); this sends the rest when idle
        context.runOnContext(v -> vertx.setPeriodic(1000, id -> flushAcks()));
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
        RabbitConnections.closeQuietly(connection);
    }

    /** The age of the events handled in the last minute (the last one's), else 0; in seconds. */
    double lagSeconds() {
        return clock.millis() - lagSetAt > 60_000 ? 0 : lagMillis.get() / 1000.0;
    }

    /** The exchange that takes the replicas' catch-up markers into {@code stream} (and nowhere else). */
    static String markers(String stream) {
        return stream + ".markers";
    }

    /**
     * False once the stream was deleted under this replica (the broker cancelled its consumer and the stream was
     * gone when it reconnected): offsets start
     * again at 0 in a new stream, so cursors handed out no longer mean anything. The replica must be restarted
     * (its liveness check says so) rather than resume.
     */
    public boolean streamIntact() {
        return !streamLost;
    }

    /** The RabbitMQ node ({@code host:port}) this replica reads the stream through, {@code "none"} while it does not. */
    public String node() {
        return connected() ? RabbitConnections.address(connection) : "none";
    }

    /** True while a consumer reads the stream. */
    public boolean connected() {
        Connection c = connection;
        Channel ch = channel;
        return c != null && c.isOpen() && ch != null && ch.isOpen();
    }

    synchronized void connect() {
        if (connected() || context == null || stopped || streamLost) {
            return;
        }
        RabbitConnections.closeQuietly(connection);
        Connection c = null;
        try {
            c = connections.open("poll-gateway stream");
            if (cancelled && !streamExists(c)) {
                streamLost = true;
                LOG.errorf("the stream %s was deleted under this replica; its cursors are void: restart it", queue);
                RabbitConnections.closeQuietly(c);
                return;
            }
            cancelled = false;
            Channel ch = declareStream(c);
            ch.queueBind(queue, exchange, "#");
            ch.exchangeDeclare(markers(queue), "fanout", true);
            ch.queueBind(queue, markers(queue), "");
            ch.basicQos(PREFETCH); // a stream consumer needs credit
            long resumeAfter = lastOffset;
            Object from = resumeAfter >= 0 ? (Object) (resumeAfter + 1) : stream.replay();
            DeliverCallback deliver = (tag, delivery) -> context.runOnContext(v -> handle(ch, delivery));
            Connection opened = c;
            // the broker cancelled the consumer (the stream deleted, or its leader moved): the next connect looks
            ch.basicConsume(queue, false, Map.of("x-stream-offset", from), deliver, tag -> {
                cancelled = true;
                RabbitConnections.closeQuietly(opened);
            });
            channel = ch;
            connection = c;
            LOG.infof(resumeAfter >= 0 ? "reconnected: reading %s again after offset %d, on RabbitMQ %s"
                    : "reading %s from %s ago, on RabbitMQ %s", queue, resumeAfter >= 0 ? resumeAfter : stream.replay(),
                    RabbitConnections.address(c));
        } catch (Exception e) {
            RabbitConnections.closeQuietly(c); // a declare refused (PRECONDITION_FAILED) must not leak a connection
            LOG.debugf("RabbitMQ unreachable (%s); trying again in 2 s", e.toString());
        }
    }

    private void handle(Channel from, Delivery delivery) {
        try {
            AMQP.BasicProperties properties = delivery.getProperties();
            Object header = properties.getHeaders() == null ? null : properties.getHeaders().get("x-stream-offset");
            Long offset = header instanceof Number n ? n.longValue() : null;
            String text = new String(delivery.getBody(), StandardCharsets.UTF_8);
            if (offset != null && offset <= lastOffset) {
                return; // read again after a reconnect: handled already
            }
            if (offset != null && lastOffset >= 0 && offset > lastOffset + 2) {
                // one offset is skipped where a segment starts (RabbitMQ's tracking chunk, no message); more
                // means the stream's retention dropped events before this replica could read them
                LOG.warnf("offsets %d to %d of %s were gone before this replica read them (dropped by the"
                        + " stream's retention); polls from before them get gap: true", lastOffset + 1, offset - 1, queue);
                hub.missedBefore(offset);
                gaps.increment();
            }
            // a marker only from the replicas' own fanout exchange, where no other service may write: a message
            // on holdline.events claiming to be one (its AMQP type is anyone's to set) is an event like any other
            if (StreamCatchUp.MARKER_TYPE.equals(properties.getType())
                    && markers(queue).equals(delivery.getEnvelope().getExchange())) {
                if (offset != null) {
                    hub.advance(offset);
                }
                catchUp.seen(text);
            } else if (offset == null) {
                LOG.warnf("a delivery without x-stream-offset; is %s a stream?", queue);
            } else {
                // a CONSUMER span in the trace of whoever published the event (its traceparent header)
                Span span = TraceHeaders.startConsumer(tracer, delivery.getEnvelope().getRoutingKey(), queue,
                        properties.getMessageId(), properties.getHeaders());
                try (Scope scope = span.makeCurrent()) {
                    accept(offset, delivery.getEnvelope().getRoutingKey(), text, properties, span);
                } finally {
                    span.end();
                }
            }
            if (offset != null) {
                lastOffset = offset;
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable event: %s", e.getMessage());
        } finally {
            ack(from, delivery.getEnvelope().getDeliveryTag());
        }
    }

    /**
     * Declares the exchange and the stream, bounded by age and by bytes and replicated on {@code gateway.stream
     * .replicas} nodes with its leader placed {@code balanced} ({@link Replication#stream}). A stream declared
     * earlier with other arguments (an older version, or an operator's choice) is kept as it is, with a warning:
     * RabbitMQ refuses to change a queue's arguments, and deleting the stream would void every cursor. A policy
     * changes its bounds and leader locator; {@code rabbitmq-streams add_replica} its replicas.
     */
    private Channel declareStream(Connection c) throws java.io.IOException {
        Channel ch = c.createChannel();
        ch.exchangeDeclarePassive(exchange); // declared by rabbitmq-users: this service may not configure it
        try {
            Map<String, Object> arguments = new HashMap<>(Map.of("x-queue-type", "stream", "x-max-age",
                    stream.maxAge(), "x-max-length-bytes", stream.maxBytes(),
                    "x-stream-max-segment-size-bytes", stream.segmentBytes()));
            arguments.putAll(Replication.stream(stream.replicas()));
            ch.queueDeclare(queue, true, false, false, arguments);
            return ch;
        } catch (java.io.IOException e) {
            if (!(e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException signal)
                    || !String.valueOf(signal.getMessage()).contains("PRECONDITION_FAILED")) {
                throw e;
            }
            if (!keptOtherBounds) {
                keptOtherBounds = true;
                LOG.warnf("the stream %s exists with other arguments than x-max-age=%s, x-max-length-bytes=%d,"
                        + " x-initial-cluster-size=%d; it is kept as it is (%s; set a policy to change its bounds,"
                        + " rabbitmq-streams add_replica its replicas)", queue, stream.maxAge(), stream.maxBytes(),
                        stream.replicas(), signal.getMessage());
            }
            Channel again = c.createChannel(); // the refused declare closed the first channel
            again.queueDeclarePassive(queue);
            return again;
        }
    }

    /** Whether the stream is there (a passive declare, on a channel of its own: a 404 closes the channel). */
    private boolean streamExists(Connection c) throws java.io.IOException {
        try (Channel probe = c.createChannel()) {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (java.io.IOException e) {
            if (e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException signal
                    && String.valueOf(signal.getMessage()).contains("NOT_FOUND")) {
                return false;
            }
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.io.IOException(e);
        }
    }

    /** On the context: acks (stream credit) go out every ACK_BATCH deliveries, the rest on the idle timer. */
    private void ack(Channel from, long tag) {
        if (ackChannel != from) {
            flushAcks();
            ackChannel = from;
        }
        ackTag = tag;
        if (++unacked >= ACK_BATCH) {
            flushAcks();
        }
    }

    private void flushAcks() {
        if (unacked == 0 || ackChannel == null) {
            return;
        }
        try {
            ackChannel.basicAck(ackTag, true);
        } catch (Exception e) {
            LOG.debugf("ack on a closed channel: %s", e.getMessage()); // re-read from lastOffset + 1 anyway
        }
        unacked = 0;
    }

    /**
     * The RabbitMQ user that published the message, as RabbitMQ checked it; null for a dead-lettered copy, which
     * keeps its first publisher's {@code user_id} but was put back by whoever declared the dead-lettering queue.
     */
    private static String publisher(AMQP.BasicProperties properties) {
        // PublisherCheck.believed already refused such a copy; kept here so an image's owner never comes from one
        return PublisherCheck.deadLettered(properties.getHeaders()) ? null : properties.getUserId();
    }

    /** When an event was said: its {@code time}, else now. */
    private long saidAt(JsonNode event) {
        try {
            return Instant.parse(event.path("time").asText()).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return clock.millis();
        }
    }

    /**
     * Appends the event at {@code offset} to the hub, its type being {@code routingKey} (what RabbitMQ checked); one
     * whose body says another type, that its type's publisher did not send, or a dead-lettered copy, is skipped ({@link PublisherCheck}):
     * a stream cannot dead-letter.
     */
    private void accept(long offset, String routingKey, String text, AMQP.BasicProperties properties, Span consumer) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON at offset " + offset);
        }
        if (!(node instanceof ObjectNode event) || !event.hasNonNull("type") || !event.hasNonNull("id")) {
            throw new IllegalArgumentException("not a CloudEvent at offset " + offset);
        }
        if (!publisherCheck.believed(routingKey, event.get("type").asText(), properties.getUserId(),
                event.get("id").asText(), properties.getHeaders())) {
            hub.advance(offset);
            return;
        }
        if (catchUp.caughtUp()) { // while replaying what is older than the replica, age is no lag
            lagMillis.set(Math.max(0, clock.millis() - saidAt(event)));
            lagSetAt = clock.millis();
        }
        String type = routingKey;
        String publisher = publisher(properties);
        List<String> channels = Channels.split(event.path("channels").asText(null)).stream()
                .filter(Channels::isValid).toList();
        if (EventTypes.PRESENCE_CHANGED.equals(type)) {
            presence.observed(event.path("data"), channels, saidAt(event));
        }
        if (channels.isEmpty()) {
            hub.advance(offset); // an event for services only
            return;
        }
        event.put("cursor", Cursors.format(offset, epoch.current()));
        JsonNode data = event.path("data");
        String owner = data.path("owner").asText(null);
        // an image's owner is upload-service's word only: another publisher's image event cannot open the image.
        // The source is what the publisher wrote; user_id is whom RabbitMQ let publish it.
        if (type.startsWith("image.") && data.has("imageId") && owner != null
                && IMAGE_OWNER_SOURCE.equals(event.path("source").asText())
                && stream.imageOwnerPublisher().equals(publisher)) {
            owners.remember(data.get("imageId").asText(), owner);
        }
        // the hand-over to the held polls and sockets of its channels, in the event's trace: they are woken and
        // answered from here. The consumer span is its parent by name: on this thread (a Vert.x event loop's) the
        // current context does not carry it, and the hand-over would start a trace of its own
        Span deliver = tracer.spanBuilder("deliver " + type).setParent(io.opentelemetry.context.Context.root()
                .with(consumer)).setAttribute("holdline.channels", String.join(",", channels))
                .setAttribute("messaging.message.id", event.get("id").asText()).startSpan();
        try (Scope scope = deliver.makeCurrent()) {
            hub.append(new BufferedEvent(offset, event.get("id").asText(), type, clock.instant(), event,
                    text.length() + 32), channels);
        } finally {
            deliver.end();
        }
    }
}
