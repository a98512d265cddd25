package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.Exchanges;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.RabbitConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Publishes what users say (chat, typing, read receipts, notifications, presence) to {@code holdline.events}
 * and answers once the broker has confirmed it. Confirms are pipelined: many publishes are in flight at
 * once and RabbitMQ acknowledges them in batches, so one slow confirm does not queue every caller behind it.
 * Publishing runs on one thread of its own, never on an event loop.
 */
@ApplicationScoped
public class EventPublisher {

    private final RabbitConnections connections;
    private final String exchange;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "event-publisher");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();
    private Connection connection;
    private Channel channel;

    public EventPublisher(RabbitConnections connections, EventsConfig events) {
        this.connections = connections;
        this.exchange = events.exchange();
    }

    /** Completes once the broker has confirmed the event; fails if it refused it or went away. */
    public Uni<CloudEvent> publish(CloudEvent event) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                Channel ch = channel();
                unconfirmed.put(ch.getNextPublishSeqNo(), confirmed);
                ch.basicPublish(exchange, event.type(), new AMQP.BasicProperties.Builder()
                        .contentType(Exchanges.CLOUDEVENTS_JSON).contentEncoding("utf-8").deliveryMode(2)
                        .messageId(event.id()).type(event.type()).appId("poll-gateway").build(),
                        event.toJson().getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
                confirmed.completeExceptionally(e);
                reset(e);
            }
        });
        return Uni.createFrom().completionStage(confirmed).replaceWith(event);
    }

    private Channel channel() throws IOException, java.util.concurrent.TimeoutException {
        if (channel == null || !channel.isOpen()) {
            reset(new IOException("reconnecting"));
            connection = connections.open("poll-gateway publisher");
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.exchangeDeclare(exchange, "topic", true);
            channel.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long tag, boolean multiple) {
                    settle(tag, multiple, null);
                }

                @Override
                public void handleNack(long tag, boolean multiple) {
                    settle(tag, multiple, new IOException("RabbitMQ refused the event"));
                }
            });
            connection.addShutdownListener(cause -> failAll(cause));
        }
        return channel;
    }

    private void settle(long tag, boolean multiple, Exception failure) {
        ConcurrentNavigableMap<Long, CompletableFuture<Void>> done = multiple
                ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
        done.values().forEach(f -> {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        });
        done.clear();
    }

    private void failAll(Exception cause) {
        unconfirmed.values().forEach(f -> f.completeExceptionally(cause));
        unconfirmed.clear();
    }

    private void reset(Exception cause) {
        failAll(cause);
        RabbitConnections.closeQuietly(connection);
        connection = null;
        channel = null;
    }

    void onStop(@Observes ShutdownEvent event) {
        thread.execute(() -> reset(new IOException("shutting down")));
        thread.shutdown();
    }
}
