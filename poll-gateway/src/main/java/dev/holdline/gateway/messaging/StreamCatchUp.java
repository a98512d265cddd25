package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import dev.holdline.events.EventIds;
import dev.holdline.gateway.service.StreamProgress;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.RabbitConnections;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Knows when this replica has read the stream up to "now": it appends a marker to the stream itself (through
 * the stream's own exchange {@code <stream>.markers}, bound to the stream only: poll-gateway's RabbitMQ user
 * needs no write on the default exchange, which reaches every queue) and is caught up once its own consumer reads that
 * marker back, after everything that was in the stream before it. Readiness waits for this.
 */
@ApplicationScoped
public class StreamCatchUp implements StreamProgress {

    static final String MARKER_TYPE = "holdline.catch-up-marker";
    private static final Logger LOG = Logger.getLogger(StreamCatchUp.class);

    private final RabbitConnections connections;
    private final String queue;
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private volatile boolean caughtUp;

    public StreamCatchUp(RabbitConnections connections, EventsConfig events) {
        this.connections = connections;
        this.queue = StreamConsumer.QUEUE + events.queueSuffix().orElse("");
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(500, 3000, timer -> {
            if (caughtUp) {
                vertx.cancelTimer(timer);
                return;
            }
            vertx.executeBlocking(() -> {
                publishMarker();
                return null;
            }, false);
        });
    }

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    void seen(String marker) {
        if (!caughtUp && published.contains(marker)) {
            caughtUp = true;
            LOG.infof("caught up with stream %s", queue);
        }
    }

    private void publishMarker() {
        String marker = EventIds.newId();
        try (Connection connection = connections.open("poll-gateway catch-up")) {
            var channel = connection.createChannel();
            channel.queueDeclarePassive(queue); // not there yet: the consumer has not declared it
            published.add(marker);
            channel.basicPublish(StreamConsumer.markers(queue), "", new AMQP.BasicProperties.Builder().type(MARKER_TYPE).build(),
                    marker.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debugf("catch-up marker not published yet: %s", e.getMessage());
        }
    }
}
