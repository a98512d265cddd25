package dev.holdline.webhooks.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventIds;
import dev.holdline.platform.batch.BatchWriter;
import dev.holdline.platform.batch.DatabaseErrors;
import dev.holdline.platform.tracing.TraceContext;
import dev.holdline.webhooks.config.WebhooksConfig;
import dev.holdline.webhooks.model.Naming;
import dev.holdline.webhooks.repository.DeliveryIntake;
import dev.holdline.webhooks.repository.DeliveryIntake.NewDelivery;
import dev.holdline.webhooks.repository.DeliveryIntake.NewEvent;
import dev.holdline.webhooks.repository.DeliveryIntake.Receiver;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns events into stored deliveries: each event (the exact bytes each receiver will get and be signed over)
 * with one delivery per matching active or paused subscription, in one transaction per batch of events; an
 * event no subscription matches is not kept. The
 * future of {@link #take} completes once that is committed, and only then may the caller ack the message.
 */
@ApplicationScoped
public class EventIntake {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeliveryIntake deliveries;
    private final DeliverySender sender;
    private final BatchWriter<Taken, Void> writer;

    /** An event with the trace it came in. */
    private record Taken(CloudEvent event, TraceContext trace) {
    }

    public EventIntake(DeliveryIntake deliveries, DeliverySender sender, WebhooksConfig config,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.sender = sender;
        // while PostgreSQL is away the batch is retried, not failed: a failed event would be put back and burn
        // RabbitMQ's delivery limit (issue 24)
        this.writer = BatchWriter.builder("webhook-intake", BatchWriter.Transaction.of(this::store))
                .capacity(4 * config.intakeBatch()).maxBatch(config.intakeBatch())
                .retryWhile(DatabaseErrors::isTransient, Duration.ofMillis(100), Duration.ofSeconds(5))
                .metrics(meters).start();
    }

    /**
     * Stores the event and its deliveries; completes when committed. An event stored before adds nothing. The
     * span current here (the consumer's, in the trace of whoever published the event) is kept with the event, so
     * that every attempt at its deliveries, retries included, continues that trace.
     */
    public CompletableFuture<Void> take(CloudEvent event) {
        return writer.submit(new Taken(event, TraceContext.current()));
    }

    /** The body receivers get: {@code {"type", "timestamp", "data"}} under the given type name. */
    public static byte[] body(String type, String timestamp, Object data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", timestamp);
        // data as parsed (exact decimals): re-reading it with another mapper could turn 9.00 into 9
        body.set("data", data == null ? JSON.nullNode()
                : data instanceof com.fasterxml.jackson.databind.JsonNode node ? node : JSON.valueToTree(data));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a test event for one subscription (never published): a delivery of type {@code webhook.test}. */
    public void storeTest(String subscriptionId, Object data) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = "test_" + EventIds.newId();
        deliveries.store(List.of(new NewEvent(id, "webhook.test", now, body("webhook.test", now.toString(), data),
                null, List.of(new NewDelivery("msg_" + EventIds.newId(), subscriptionId, "webhook.test")),
                TraceContext.current())));
        sender.wake();
    }

    private void store(List<Taken> taken) {
        List<Receiver> receivers = deliveries.receivers();
        List<NewEvent> rows = new ArrayList<>(taken.size());
        for (Taken each : taken) {
            CloudEvent event = each.event();
            Instant occurred = occurredAt(event.time());
            String timestamp = occurred.toString();
            boolean renamed = Naming.renames(event.type());
            List<NewDelivery> owed = new ArrayList<>();
            for (Receiver receiver : receivers) {
                if (EventPatterns.anyMatches(receiver.eventTypes(), event.type())) {
                    owed.add(new NewDelivery("msg_" + EventIds.newId(), receiver.id(),
                            Naming.valueOf(receiver.naming()).typeOf(event.type())));
                }
            }
            if (owed.isEmpty()) {
                continue; // nobody subscribed (typing, presence heartbeats, ...): nothing to keep
            }
            rows.add(new NewEvent(event.id(), event.type(), occurred, body(event.type(), timestamp, event.data()),
                    renamed ? body(Naming.SEED.typeOf(event.type()), timestamp, event.data()) : null, owed,
                    each.trace()));
        }
        if (!rows.isEmpty()) {
            deliveries.store(rows);
            sender.wake();
        }
    }

    private static Instant occurredAt(String time) {
        try {
            return time == null ? Instant.now() : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    @PreDestroy
    void stop() {
        writer.close();
    }
}
