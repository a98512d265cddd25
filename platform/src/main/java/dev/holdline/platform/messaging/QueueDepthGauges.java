package dev.holdline.platform.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code holdline_queue_messages{queue}}: the ready messages of the queues this service consumes and of their
 * dead-letter queues ({@code holdline.events.watched-queues}), read with a passive declare every
 * {@link #EVERY_SECONDS} s on a connection of its own, so an operator sees queue depths from the services' metrics
 * alone (RabbitMQ's own Prometheus plugin may not be there). The tag is the queue's name without a test run's
 * suffix. NaN while the queue cannot be read (the broker away, the queue not declared yet).
 */
@ApplicationScoped
public class QueueDepthGauges {

    static final int EVERY_SECONDS = 15;
    private static final String DLQ = ".dlq";
    private static final Logger LOG = Logger.getLogger(QueueDepthGauges.class);

    private final RabbitConnections connections;
    private final List<String> queues;
    private final String suffix;
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "queue-depth-gauges");
        thread.setDaemon(true);
        return thread;
    });
    private Connection connection;

    public QueueDepthGauges(RabbitConnections connections, EventsConfig events, MeterRegistry meters) {
        this.connections = connections;
        this.queues = events.watchedQueues().orElse(List.of());
        this.suffix = events.queueSuffix().orElse("");
        for (String queue : queues) {
            AtomicLong depth = new AtomicLong(-1);
            depths.put(queue, depth);
            Gauge.builder("holdline.queue.messages", depth, d -> d.get() < 0 ? Double.NaN : d.get())
                    .tag("queue", queue).description("Ready messages in the queue (a passive declare)")
                    .register(meters);
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!queues.isEmpty()) {
            timer.scheduleWithFixedDelay(this::refresh, 0, EVERY_SECONDS, TimeUnit.SECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        RabbitConnections.closeQuietly(connection);
    }

    /** The queue's name in this run: the suffix goes before {@code .dlq}, as rabbitmq-users and the tests name it. */
    static String actualName(String queue, String suffix) {
        return queue.endsWith(DLQ) ? queue.substring(0, queue.length() - DLQ.length()) + suffix + DLQ : queue + suffix;
    }

    void refresh() {
        try {
            if (connection == null || !connection.isOpen()) {
                RabbitConnections.closeQuietly(connection);
                connection = connections.open(connections.username() + " queue depths");
            }
        } catch (Exception e) {
            depths.values().forEach(d -> d.set(-1));
            LOG.debugf("RabbitMQ unreachable for queue depths: %s", e.toString());
            return;
        }
        for (String queue : queues) {
            // a channel per queue: a queue not found (404) closes the channel it was asked on
            try (Channel channel = connection.createChannel()) {
                depths.get(queue).set(channel.queueDeclarePassive(actualName(queue, suffix)).getMessageCount());
            } catch (Exception e) {
                depths.get(queue).set(-1);
                LOG.debugf("depth of %s not read: %s", queue, e.toString());
            }
        }
    }
}
