package dev.holdline.upload.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.events.Exchanges;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.RabbitConnections;
import dev.holdline.upload.model.OutboxEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to the events exchange with publisher confirms. Connects lazily and again after
 * any failure, so a broker that was away is picked up by the next relay run: no reconnect loop of its own,
 * no state to get stuck in.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final RabbitConnections connections;
    private final String exchange;
    private Connection connection;
    private Channel channel;

    public EventPublisher(RabbitConnections connections, EventsConfig events) {
        this.connections = connections;
        this.exchange = events.exchange();
    }

    /**
     * Publishes every event and returns once the broker has confirmed all of them; throws if it did not,
     * in which case none should be taken as sent (a re-publish is harmless: consumers dedupe by id).
     */
    public synchronized void publish(List<OutboxEvent> events, Duration confirmTimeout) throws Exception {
        try {
            Channel ch = channel();
            for (OutboxEvent event : events) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType(Exchanges.CLOUDEVENTS_JSON)
                        .contentEncoding("utf-8")
                        .deliveryMode(2)
                        .messageId(event.id)
                        .type(event.type)
                        .timestamp(Date.from(event.createdAt))
                        .appId("upload-service")
                        .build();
                ch.basicPublish(exchange, event.type, properties, event.payload.getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
        } catch (Exception e) {
            disconnect();
            throw e;
        }
    }

    public synchronized boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    /** Connects if needed, so that health checks report the broker as it is now. */
    public synchronized boolean probe() {
        try {
            channel();
            return true;
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            disconnect();
            return false;
        }
    }

    private Channel channel() throws IOException, java.util.concurrent.TimeoutException {
        if (channel == null || !channel.isOpen()) {
            disconnect();
            connection = connections.open("upload-service outbox relay");
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.exchangeDeclare(exchange, "topic", true);
            LOG.infof("connected to RabbitMQ %s, publishing to exchange %s", connections.address(), exchange);
        }
        return channel;
    }

    @PreDestroy
    synchronized void disconnect() {
        RabbitConnections.closeQuietly(connection);
        connection = null;
        channel = null;
    }
}
