package dev.holdline.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventPublishers;
import dev.holdline.events.Exchanges;
import dev.holdline.platform.messaging.EventMessage;
import dev.holdline.platform.tracing.TraceContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Listens on this run's events exchange through a private auto-delete queue, as an operator's
 * extra consumer would, and publishes to it as another service would.
 */
public final class EventProbe implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final String exchange;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Opened on the first {@link #publish(CloudEvent)}, as this run's impersonating user. */
    private Channel publishing;

    public record Received(String routingKey, AMQP.BasicProperties properties, String body) {
    }

    private EventProbe(String bindingKey) throws Exception {
        this.exchange = System.getProperty("holdline.test.exchange");
        this.connection = TestInfra.rabbit();
        this.channel = connection.createChannel();
        channel.exchangeDeclare(exchange, "topic", true);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, bindingKey);
        DeliverCallback callback = (tag, delivery) -> received.add(new Received(
                delivery.getEnvelope().getRoutingKey(), delivery.getProperties(),
                new String(delivery.getBody(), StandardCharsets.UTF_8)));
        channel.basicConsume(queue, true, callback, tag -> {
        });
    }

    /** A probe on this run's exchange receiving what matches the topic binding key ({@code #} for all). */
    public static EventProbe listen(String bindingKey) {
        try {
            return new EventProbe(bindingKey);
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ unreachable", e);
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits up to {@code timeout} for a message matching {@code match}; fails the test otherwise. */
    public Received await(Predicate<Received> match, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> received.stream().filter(match).findFirst(), Optional::isPresent).get();
    }

    /**
     * Publishes {@code event} exactly as a Holdline service does ({@link EventMessage}), as its type's publisher
     * ({@link EventPublishers}): through this run's impersonating user ({@link HoldlineTestResource}), with
     * {@code user_id} the publisher's user of this run, in the trace of the span current here (if any).
     */
    public void publish(CloudEvent event) {
        EventMessage message = EventMessage.of(event).withTrace(TraceContext.current());
        // a type of the test's own has no publisher: the impersonating user sends it as itself
        String publisher = EventPublishers.of(event.type()).stream().sorted().findFirst().orElse(null);
        String user = publisher == null ? System.getProperty("holdline.test.publisher")
                : publisher + System.getProperty("holdline.test.user-suffix", "");
        try {
            if (publishing == null) {
                publishing = TestInfra.rabbit(System.getProperty("holdline.test.publisher"),
                        System.getProperty("holdline.test.publisher-password")).createChannel();
            }
            publishing.basicPublish(exchange, message.routingKey(), message.properties(publisher == null ? "holdline-test" : publisher, user),
                    message.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a body that need not be a CloudEvent at all, as a broken or hostile publisher would. */
    public void publishRaw(String routingKey, String body) {
        publish(routingKey, new AMQP.BasicProperties.Builder().contentType(Exchanges.CLOUDEVENTS_JSON)
                .deliveryMode(2).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(String routingKey, AMQP.BasicProperties properties, byte[] body) {
        try {
            channel.basicPublish(exchange, routingKey, properties, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception ignored) {
            // already closed
        }
        if (publishing != null) {
            try {
                publishing.getConnection().close();
            } catch (Exception ignored) {
                // already closed
            }
        }
    }
}
