package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.holdline.events.EventIds;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Knows when this replica has read the stream up to "now": it appends a marker to the stream itself (through
 * the default exchange, so only the stream gets it) and is caught up once its own consumer reads that
 * marker back, after everything that was in the stream before it. Readiness waits for this.
 */
@ApplicationScoped
public class StreamCatchUp {

    static final String MARKER_TYPE = "holdline.catch-up-marker";
    private static final Logger LOG = Logger.getLogger(StreamCatchUp.class);

    private final ConnectionFactory factory = new ConnectionFactory();
    private final String queue;
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private volatile boolean caughtUp;

    public StreamCatchUp(@ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
            @ConfigProperty(name = "mp.messaging.incoming.events.queue.name") String queue) {
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(3000);
        this.queue = queue;
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
        try (Connection connection = factory.newConnection("poll-gateway catch-up")) {
            var channel = connection.createChannel();
            channel.queueDeclarePassive(queue); // not there yet: the consumer has not declared it
            published.add(marker);
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().type(MARKER_TYPE).build(),
                    marker.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debugf("catch-up marker not published yet: %s", e.getMessage());
        }
    }
}
