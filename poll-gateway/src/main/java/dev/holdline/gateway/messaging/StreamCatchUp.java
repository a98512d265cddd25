package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import dev.holdline.events.EventIds;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.StreamEpoch;
import dev.holdline.gateway.service.StreamProgress;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.RabbitConnections;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Knows when this replica has read the stream up to "now", and which stream it is ({@link StreamEpoch}): it
 * appends a marker to the stream itself (through
 * the stream's own exchange {@code <stream>.markers}, bound to the stream only: poll-gateway's RabbitMQ user
 * needs no write on the default exchange, which reaches every queue) and is caught up once its own consumer reads that
 * marker back, after everything that was in the stream before it. Readiness waits for this. Each marker says
 * the stream's epoch ({@code <id> epoch=<epoch>}), and once caught up the replica writes one again every
 * {@code gateway.stream.epoch-every}, so that a replica starting later reads the epoch within what it replays.
 */
@ApplicationScoped
public class StreamCatchUp implements StreamProgress {

    static final String MARKER_TYPE = "holdline.catch-up-marker";
    private static final Logger LOG = Logger.getLogger(StreamCatchUp.class);

    private static final String EPOCH = " epoch=";

    private final RabbitConnections connections;
    private final StreamEpoch epoch;
    private final Duration epochEvery;
    private final String queue;
    /** Markers this replica wrote until it read one back: one every 3 s while it catches up, so few. */
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private volatile boolean caughtUp;

    public StreamCatchUp(RabbitConnections connections, StreamEpoch epoch, GatewayConfig config, EventsConfig events) {
        this.connections = connections;
        this.epoch = epoch;
        this.epochEvery = config.stream().epochEvery();
        this.queue = StreamConsumer.QUEUE + events.queueSuffix().orElse("");
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(500, 3000, timer -> {
            if (caughtUp) {
                vertx.cancelTimer(timer);
                return;
            }
            vertx.executeBlocking(() -> {
                publishMarker(true);
                return null;
            }, false);
        });
        vertx.setPeriodic(epochEvery.toMillis(), timer -> {
            if (caughtUp) {
                vertx.executeBlocking(() -> {
                    publishMarker(false);
                    return null;
                }, false);
            }
        });
    }

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    /** A marker read from the stream (this replica's or another's): its epoch, and whether this one is caught up. */
    void seen(String text) {
        int at = text.indexOf(EPOCH);
        String marker = at < 0 ? text : text.substring(0, at);
        if (at >= 0) {
            epoch.read(text.substring(at + EPOCH.length()).trim());
        }
        if (!caughtUp && published.remove(marker)) {
            published.clear();
            caughtUp = true;
            LOG.infof("caught up with stream %s", queue);
        }
    }

    /** A marker naming the epoch; {@code catchingUp}: one this replica waits to read back. */
    private void publishMarker(boolean catchingUp) {
        String marker = EventIds.newId();
        try (Connection connection = connections.open("poll-gateway catch-up")) {
            var channel = connection.createChannel();
            channel.queueDeclarePassive(queue); // not there yet: the consumer has not declared it
            if (catchingUp) {
                published.add(marker);
            }
            channel.basicPublish(StreamDeclaration.markers(queue), "", new AMQP.BasicProperties.Builder().type(MARKER_TYPE).build(),
                    (marker + EPOCH + epoch.announced()).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debugf("catch-up marker not published yet: %s", e.getMessage());
        }
    }
}
