package dev.holdline.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.Exchanges;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.messaging.QueueBounds;
import dev.holdline.testing.TestInfra;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.RecordedSpans;
import dev.holdline.platform.messaging.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxRelayTest {

    @Inject
    OutboxService outbox;

    @Inject
    OutboxRepository rows;

    @Inject
    EventFactory events;

    @Inject
    OutboxRelay relay;

    @Inject
    Tracer tracer;

    @Inject
    RecordedSpans spans;

    private CloudEvent chat(String text) {
        return events.create(EventTypes.CHAT_MESSAGE, "rooms/outbox", List.of(Channels.room("outbox")),
                Map.of("text", text));
    }

    @Test
    void shouldPublishACommittedEventAsTheEventsContractSays() {
        try (EventProbe probe = EventProbe.listen(EventTypes.CHAT_MESSAGE)) {
            CloudEvent event = chat("committed");

            QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(event));

            EventProbe.Received message = probe.await(m -> event.id().equals(m.properties().getMessageId()),
                    Duration.ofSeconds(10));
            assertEquals(event.toJson(), message.body(), "the stored bytes, as they were enqueued");
            assertEquals(EventTypes.CHAT_MESSAGE, message.routingKey());
            assertEquals(Exchanges.CLOUDEVENTS_JSON, message.properties().getContentType());
            assertEquals(EventTypes.CHAT_MESSAGE, message.properties().getType());
            assertEquals(2, message.properties().getDeliveryMode(), "persistent");
            assertEquals("outbox-test", message.properties().getAppId());
            assertEquals("outbox-test", CloudEvent.fromJson(message.body()).source(),
                    "the source is the application name");
            assertNotNull(message.properties().getTimestamp());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> rows.findById(event.id()).sentAt != null));
        }
    }

    @Test
    void shouldPublishAnEventInTheTraceOfTheTransactionThatEnqueuedIt() {
        try (EventProbe probe = EventProbe.listen(EventTypes.CHAT_MESSAGE)) {
            CloudEvent event = chat("traced");
            Span request = tracer.spanBuilder("POST /api/rooms/outbox/messages").setSpanKind(SpanKind.SERVER)
                    .startSpan();
            try (Scope scope = request.makeCurrent()) {
                QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(event));
            } finally {
                request.end();
            }

            EventProbe.Received message = probe.await(m -> event.id().equals(m.properties().getMessageId()),
                    Duration.ofSeconds(10));
            var sent = TraceHeaders.read(message.properties().getHeaders());
            assertNotNull(sent, "the message carries a traceparent header");
            assertEquals(request.getSpanContext().getTraceId(), sent.traceId(),
                    "published by the relay's thread, later, in the enqueuing request's trace");
            // the relay's PRODUCER span, child of the request's span, is the span the header names
            SpanData publish = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spans
                    .ofTrace(request.getSpanContext().getTraceId()).stream()
                    .filter(s -> s.getName().equals("publish " + EventTypes.CHAT_MESSAGE)).findFirst().orElse(null),
                    s -> s != null);
            assertEquals(SpanKind.PRODUCER, publish.getKind());
            assertEquals(request.getSpanContext().getSpanId(), publish.getParentSpanId());
            assertEquals(publish.getSpanId(),
                    Span.fromContext(sent.context()).getSpanContext().getSpanId());
        }
    }

    @Test
    void shouldNeverPublishAnEventWhoseTransactionRolledBack() {
        try (EventProbe probe = EventProbe.listen(EventTypes.CHAT_MESSAGE)) {
            CloudEvent rolledBack = chat("rolled back");
            CloudEvent committed = chat("committed after");

            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.enqueue(rolledBack);
                throw new IllegalStateException("the change failed");
            }));
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(committed));

            // the later event's arrival shows the relay ran after the rollback
            probe.await(m -> committed.id().equals(m.properties().getMessageId()), Duration.ofSeconds(10));
            assertTrue(probe.received().stream().noneMatch(m -> rolledBack.id().equals(m.properties().getMessageId())));
            assertEquals(null, QuarkusTransaction.requiringNew().call(() -> rows.findById(rolledBack.id())));
        }
    }

    @Test
    void shouldDeleteSentEventsOnceTheirRetentionHasPassed() {
        CloudEvent event = chat("kept for a while");
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(event));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> rows.findById(event.id()).sentAt != null));

        // retention is 2 s in this module's tests
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            relay.prune();
            return QuarkusTransaction.requiringNew().call(() -> rows.findById(event.id())) == null;
        });
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> rows.countUnsent()));
    }

    @Test
    void shouldKeepEventsRabbitMQRefusesForAFullQueueAndSendEachOnceThereIsRoom() throws Exception {
        String queue = "outbox-test.bounded." + System.nanoTime();
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            Map<String, Object> arguments = new HashMap<>(QueueBounds.rejectPublish(3, 1_000_000));
            arguments.put("x-queue-type", "quorum");
            channel.queueDeclare(queue, true, false, false, arguments);
            String exchange = System.getProperty("holdline.test.exchange");
            channel.exchangeDeclare(exchange, "topic", true); // as the publisher declares it
            channel.queueBind(queue, exchange, EventTypes.NOTIFICATION);
            try {
                // filled to its bound by hand: the next publish is refused
                channel.confirmSelect();
                boolean refused = false;
                for (int i = 0; i < 10 && !refused; i++) {
                    channel.basicPublish("", queue, null, ("filler " + i).getBytes(StandardCharsets.UTF_8));
                    refused = !channel.waitForConfirms(5000);
                }
                assertTrue(refused, "the queue refuses publishes once full");

                List<CloudEvent> sent = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    sent.add(events.create(EventTypes.NOTIFICATION, "tests/bounded", List.of(Channels.user("bounded")),
                            Map.of("n", i)));
                }
                QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(sent));

                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                        .call(() -> sent.stream().map(e -> rows.findById(e.id())).allMatch(row -> row.sentAt == null
                                && row.lastError != null && row.lastError.contains("refused"))));

                // room again: a reader empties the queue, every kept event arrives, each once
                List<String> arrived = new CopyOnWriteArrayList<>();
                channel.basicConsume(queue, true, (tag, delivery) -> arrived.add(String.valueOf(
                        delivery.getProperties().getMessageId())), tag -> {
                        });
                Set<String> ids = sent.stream().map(CloudEvent::id).collect(Collectors.toSet());
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> arrived.containsAll(ids));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew()
                        .call(() -> sent.stream().allMatch(e -> rows.findById(e.id()).sentAt != null)));
                assertEquals(ids.size(), arrived.stream().filter(ids::contains).count(),
                        "each confirmed event is sent once, never again with the refused ones: " + arrived);
            } finally {
                try (Channel cleanup = connection.createChannel()) {
                    cleanup.queueDelete(queue);
                }
            }
        }
    }

    @Test
    void shouldRefuseToEnqueueOutsideATransaction() {
        assertThrows(RuntimeException.class, () -> outbox.enqueue(chat("no transaction")));
    }
}
