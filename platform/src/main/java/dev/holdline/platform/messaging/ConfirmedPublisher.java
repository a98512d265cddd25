package dev.holdline.platform.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import dev.holdline.events.CloudEvent;
import dev.holdline.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes events to the events exchange and reports each one done only once the broker has confirmed it.
 * Confirms are pipelined: many publishes are in flight at once and RabbitMQ acknowledges them in batches, so
 * one slow confirm does not queue every caller behind it. Every publish ends within the confirm timeout.
 *
 * <p>All channel work runs on one thread of its own, never on an event loop or a caller's thread. The
 * connection is opened on first use and again after any failure, so a broker that was away is picked up by
 * the next publish: no reconnect loop, no state to get stuck in.
 *
 * <p>Each publish is a PRODUCER span {@code publish <event type>}, from the send until the confirm, child of the
 * trace the message continues ({@link EventMessage#trace()}: an outbox row's enqueuing transaction) or else of the
 * caller's current span; its context travels in the message's {@code traceparent} header.
 */
@ApplicationScoped
public class ConfirmedPublisher {

    private static final Logger LOG = Logger.getLogger(ConfirmedPublisher.class);

    private final RabbitConnections connections;
    private final String exchange;
    private final String appId;
    private final Duration confirmTimeout;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "confirmed-publisher");
        t.setDaemon(true);
        return t;
    });
    /** A publish sent and not yet confirmed: its message id (to match a return) and who waits for it. */
    private record Pending(String messageId, CompletableFuture<Void> confirmed) {
    }

    /** Publishes sent on {@link #channel} and not yet confirmed, by delivery tag. */
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    /**
     * Message ids the broker returned as unroutable and has not confirmed yet (a return always comes before
     * its message's confirm, on the same connection); bounded by what is in flight.
     */
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private final boolean failUnroutable;
    // only touched on `thread`
    private Connection connection;
    private Channel channel;

    private final MeterRegistry meters;
    private final Tracer tracer;
    /** Event types already warned about as unroutable (bounded by the event types there are). */
    private final Set<String> warnedUnroutable = ConcurrentHashMap.newKeySet();

    public ConfirmedPublisher(RabbitConnections connections, EventsConfig events,
            @ConfigProperty(name = "quarkus.application.name") String appId, MeterRegistry meters, Tracer tracer) {
        this.connections = connections;
        this.exchange = events.exchange();
        this.appId = appId;
        this.confirmTimeout = events.confirmTimeout();
        this.failUnroutable = events.failUnroutable();
        this.meters = meters;
        this.tracer = tracer;
    }

    /**
     * Events are published {@code mandatory}: one that no queue takes (no consumer of its type is deployed yet,
     * or RabbitMQ has not recovered its queues yet) is returned by the broker before its confirm, and counted
     * ({@code holdline.events.unroutable{type}}) and logged, rather than confirmed and silently dropped; with
     * {@code holdline.events.fail-unroutable} its publish fails.
     */
    private void unroutable(String type, String messageId) {
        meters.counter("holdline.events.unroutable", "type", type).increment();
        if (failUnroutable && messageId != null) {
            if (returned.size() >= 100_000) {
                returned.clear(); // only ids whose confirm never came (their publish timed out) can pile up
            }
            returned.add(messageId);
            return;
        }
        if (warnedUnroutable.size() < 100 && warnedUnroutable.add(type)) {
            LOG.warnf("no queue takes %s events on %s: they are confirmed but reach no one (counted in "
                    + "holdline_events_unroutable_total)", type, exchange);
        }
    }

    public CompletableFuture<Void> publish(CloudEvent event) {
        return publish(EventMessage.of(event));
    }

    /**
     * Completes once the broker has confirmed the message; fails with {@link BrokerUnavailableException} if it
     * refused it, went away, or did not confirm within the confirm timeout (then the message may still arrive:
     * consumers dedupe by id).
     */
    public CompletableFuture<Void> publish(EventMessage message) {
        Context parent = message.trace() != null ? message.trace().context() : Context.current();
        Span span = tracer.spanBuilder("publish " + message.type()).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", exchange)
                .setAttribute("messaging.rabbitmq.destination.routing_key", message.routingKey())
                .setAttribute("messaging.message.id", message.id())
                .startSpan();
        EventMessage traced = message.withTrace(TraceContext.of(parent.with(span)));
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            thread.execute(() -> send(traced, confirmed));
        } catch (RejectedExecutionException e) {
            confirmed.completeExceptionally(new IOException("the publisher is shut down"));
        }
        // every failure, however it came (refused, connection gone, no confirm in time), is one kind for callers
        CompletableFuture<Void> result = new CompletableFuture<>();
        confirmed.orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure == null) {
                span.end();
                result.complete(null);
            } else {
                BrokerUnavailableException unavailable = BrokerUnavailableException.of(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(unavailable.getMessage()));
                span.end();
                result.completeExceptionally(unavailable);
            }
        });
        return result;
    }

    /** Connects if needed, so that a health check reports the broker as it is now. */
    public boolean probe() {
        CompletableFuture<Boolean> connected = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    channel();
                    connected.complete(true);
                } catch (IOException | TimeoutException | RuntimeException e) {
                    reset(e);
                    connected.complete(false);
                }
            });
            return connected.get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }

    private void send(EventMessage message, CompletableFuture<Void> confirmed) {
        if (confirmed.isDone()) {
            return; // timed out while queued
        }
        try {
            Channel ch = channel();
            long tag = ch.getNextPublishSeqNo();
            var properties = message.properties(appId, connections.username());
            unconfirmed.put(tag, new Pending(properties.getMessageId(), confirmed));
            ch.basicPublish(exchange, message.routingKey(), true, properties, message.body());
            long sentNanos = System.nanoTime();
            confirmed.whenComplete((ok, failure) -> {
                if (failure instanceof TimeoutException) {
                    // sent a whole timeout ago and still no confirm: the connection is not to be trusted (a
                    // message that waited in line before it was sent says nothing about the connection)
                    runOnThread(() -> {
                        if (channel == ch && System.nanoTime() - sentNanos >= confirmTimeout.toNanos()) {
                            reset(new IOException("RabbitMQ did not confirm within " + confirmTimeout));
                        }
                        unconfirmed.computeIfPresent(tag, (t, p) -> p.confirmed() == confirmed ? null : p);
                    });
                }
            });
        } catch (IOException | TimeoutException | RuntimeException e) {
            confirmed.completeExceptionally(e);
            reset(e);
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel == null || !channel.isOpen()) {
            reset(new IOException("reconnecting"));
            connection = connections.open(appId + " publisher");
            Channel ch = connection.createChannel();
            ch.confirmSelect();
            // declared by rabbitmq-users: a service may not configure it, only find it there
            ch.exchangeDeclarePassive(exchange);
            ch.addReturnListener(r -> unroutable(r.getRoutingKey(), r.getProperties().getMessageId()));
            ch.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long tag, boolean multiple) {
                    settle(tag, multiple, null);
                }

                @Override
                public void handleNack(long tag, boolean multiple) {
                    settle(tag, multiple, new IOException(BrokerUnavailableException.REFUSED));
                }
            });
            Connection opened = connection;
            // on the publisher's thread, and only for the connection in use: a late notice from an earlier one
            // must not fail what is in flight on this one
            opened.addShutdownListener(cause -> runOnThread(() -> {
                if (connection == opened) {
                    reset(cause);
                }
            }));
            channel = ch;
            LOG.infof("connected to RabbitMQ %s, publishing to exchange %s", connections.address(), exchange);
        }
        return channel;
    }

    private void settle(long tag, boolean multiple, Exception failure) {
        ConcurrentNavigableMap<Long, Pending> done = multiple
                ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
        done.values().forEach(p -> {
            boolean wasReturned = p.messageId() != null && returned.remove(p.messageId());
            if (failure != null) {
                p.confirmed().completeExceptionally(failure);
            } else if (wasReturned) {
                p.confirmed().completeExceptionally(new IOException("no queue took the event (RabbitMQ may still"
                        + " be recovering its queues); it was not delivered"));
            } else {
                p.confirmed().complete(null);
            }
        });
        done.clear();
    }

    private void failAll(Exception cause) {
        Map.Entry<Long, Pending> pending;
        while ((pending = unconfirmed.pollFirstEntry()) != null) {
            pending.getValue().confirmed().completeExceptionally(cause);
        }
        returned.clear();
    }

    private void runOnThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException ignored) {
            // shut down: nothing is in flight any more
        }
    }

    private void reset(Exception cause) {
        failAll(cause);
        RabbitConnections.closeQuietly(connection);
        connection = null;
        channel = null;
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            thread.execute(() -> reset(new IOException("shutting down")));
        } catch (RejectedExecutionException ignored) {
            // stopped already
        }
        thread.shutdown();
    }
}
