package dev.holdline.platform.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With connections that are only open flags: what the consumer does when one closes, fails or is stopped. */
class ReconnectingConsumerTest {

    private static final Duration RETRY = Duration.ofMillis(20);

    /** A connection (and its channel) that is open until closed. */
    private static final class Fake {
        final AtomicBoolean open = new AtomicBoolean(true);
        final Connection connection = proxy(Connection.class);
        final Channel channel = proxy(Channel.class);

        @SuppressWarnings("unchecked")
        private <T> T proxy(Class<T> type) {
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) ->
                    switch (method.getName()) {
                        case "isOpen" -> open.get();
                        case "close" -> {
                            open.set(false);
                            yield null;
                        }
                        case "getAddress" -> InetAddress.getLoopbackAddress();
                        case "getPort" -> 5672;
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<Fake> opened = new CopyOnWriteArrayList<>();
    private final AtomicInteger failing = new AtomicInteger();
    private final RabbitConnections connections = new RabbitConnections("localhost", 5672, "guest", "guest", "/",
            Optional::empty) {
        @Override
        public Connection open(String name) {
            Fake fake = new Fake();
            opened.add(fake);
            return fake.connection;
        }
    };

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    private ReconnectingConsumer consumer() {
        return new ReconnectingConsumer(connections, "test", vertx, RETRY, connection -> {
            if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("declare refused");
            }
            return opened.stream().filter(f -> f.connection == connection).findFirst().orElseThrow().channel;
        });
    }

    @Test
    void shouldConnectAtStartAndNameTheNode() {
        ReconnectingConsumer consumer = consumer();

        consumer.start();

        assertTrue(consumer.connected(), "connected before start returns");
        assertEquals("localhost:5672", consumer.node());
        consumer.stop();
    }

    @Test
    void shouldConnectAgainOnceTheConnectionIsLost() {
        ReconnectingConsumer consumer = consumer();
        consumer.start();

        opened.get(0).open.set(false);

        assertFalse(consumer.connected());
        assertEquals("none", consumer.node());
        await().atMost(Duration.ofSeconds(5)).until(consumer::connected);
        assertEquals(2, opened.size());
        consumer.stop();
    }

    @Test
    void shouldCloseTheConnectionOfAFailedSubscribeAndTryAgain() {
        failing.set(2);
        ReconnectingConsumer consumer = consumer();

        consumer.start();

        assertFalse(consumer.connected());
        await().atMost(Duration.ofSeconds(5)).until(consumer::connected);
        assertEquals(3, opened.size());
        assertFalse(opened.get(0).open.get(), "a refused declare leaks no connection");
        assertFalse(opened.get(1).open.get());
        consumer.stop();
    }

    @Test
    void shouldCloseAndStayClosedOnceStopped() {
        ReconnectingConsumer consumer = consumer();
        consumer.start();

        consumer.stop();

        assertFalse(opened.get(0).open.get());
        assertFalse(consumer.connected());
        // for several retry periods, nothing is opened again
        await().during(RETRY.multipliedBy(5)).atMost(Duration.ofSeconds(5)).until(() -> opened.size() == 1);
    }

    @Test
    void shouldGiveUpWhenTheSubscriptionStopsIt() {
        ReconnectingConsumer[] holder = new ReconnectingConsumer[1];
        holder[0] = new ReconnectingConsumer(connections, "test", vertx, RETRY, connection -> {
            holder[0].stop(); // what the gateway does when its stream was deleted: cursors void, restart
            return null;
        });

        holder[0].start();

        assertFalse(holder[0].connected());
        assertFalse(opened.get(0).open.get(), "the unused connection is closed");
        await().during(RETRY.multipliedBy(5)).atMost(Duration.ofSeconds(5)).until(() -> opened.size() == 1);
    }
}
