package dev.holdline.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.events.Exchanges;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Issue 24's attack, for a test: a service's RabbitMQ user of this run, with exactly its permissions
 * ({@link RabbitUsers}), publishes whatever body it likes under a routing key its topic permission allows; the
 * broker stamps its {@code user_id} and checks nothing in the body. Meanwhile the WARNs of
 * {@code dev.holdline.platform.messaging.PublisherCheck} (the consumer's refusal, "who sent what") are kept, formatted,
 * for the test to look for. Closing stops keeping them and deletes the user.
 */
public final class ForgedEvents implements AutoCloseable {

    private static final Logger CHECK_LOG = Logger.getLogger("dev.holdline.platform.messaging.PublisherCheck");

    private final String exchange = System.getProperty("holdline.test.exchange");
    private final String user;
    private final String password;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private ForgedEvents(String service) {
        this.user = service + System.getProperty("holdline.test.user-suffix");
        Map<String, String> login = RabbitUsers.create(user, service, exchange);
        this.password = login.get("rabbitmq-password");
        CHECK_LOG.addHandler(capture);
    }

    /**
     * Makes this run's RabbitMQ user of {@code service}, with its line of {@code k8s/base/infra/rabbitmq-permissions},
     * and starts keeping {@code PublisherCheck}'s messages.
     */
    public static ForgedEvents by(String service) {
        return new ForgedEvents(service);
    }

    /** The RabbitMQ user that publishes: what the broker puts in {@code user_id}. */
    public String user() {
        return user;
    }

    /**
     * Publishes {@code body} (a CloudEvent in JSON, persistent, with {@code messageId}) on this run's exchange under
     * {@code routingKey} as {@link #user()}; answers once the broker has confirmed it.
     */
    public void publish(String routingKey, String messageId, String body) throws Exception {
        publish(routingKey, messageId, body, null);
    }

    /**
     * As {@link #publish(String, String, String)}, with these AMQP {@code headers}: e.g. the {@code x-death} a
     * dead-lettered copy carries, which keeps its first publisher's {@code user_id}.
     */
    public void publish(String routingKey, String messageId, String body, Map<String, Object> headers)
            throws Exception {
        try (Connection connection = TestInfra.rabbit(user, password); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder()
                    .contentType(Exchanges.CLOUDEVENTS_JSON).deliveryMode(2).messageId(messageId).userId(user)
                    .headers(headers).build(),
                    body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
        }
    }

    /** The messages {@code PublisherCheck} logged since this was made, formatted as they are written. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        CHECK_LOG.removeHandler(capture);
        RabbitUsers.delete(user);
    }
}
