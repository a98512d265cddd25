package dev.holdline.webhooks.repository;

import dev.holdline.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Stores incoming events with the deliveries they are owed, and lists the subscriptions that take them. */
@ApplicationScoped
public class DeliveryIntake {

    /**
     * An event to store with the deliveries it is owed.
     *
     * @param trace the trace it came in (its order's, say), which every attempt at its deliveries continues; null
     *        for none
     */
    public record NewEvent(String id, String type, Instant occurredAt, byte[] body, byte[] seedBody,
            List<NewDelivery> deliveries, TraceContext trace) {
    }

    public record NewDelivery(String webhookId, String subscriptionId, String eventType) {
    }

    /** A subscription as the intake matches events against it. */
    public record Receiver(String id, List<String> eventTypes, String naming) {
    }

    private final Jdbc jdbc;

    public DeliveryIntake(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The subscriptions that take new events: active ones and paused ones (sent on resume). */
    public List<Receiver> receivers() {
        return jdbc.query("SELECT id, event_types, naming FROM subscription WHERE status IN ('ACTIVE', 'PAUSED')",
                statement -> { }, rs -> new Receiver(rs.getString(1),
                        List.of((String[]) rs.getArray(2).getArray()), rs.getString(3)));
    }

    /**
     * Stores the events not stored before, each with its deliveries, in one transaction; an event already
     * stored (a redelivery from RabbitMQ) adds nothing. A delivery for a subscription deleted meanwhile is
     * skipped.
     */
    public void store(List<NewEvent> events) {
        jdbc.inTransaction(connection -> {
            List<NewEvent> fresh;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO webhook_event (id, type, occurred_at, body, seed_body, traceparent, tracestate)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")) {
                for (NewEvent event : events) {
                    insert.setString(1, event.id());
                    insert.setString(2, event.type());
                    insert.setTimestamp(3, Timestamp.from(event.occurredAt()));
                    insert.setBytes(4, event.body());
                    insert.setBytes(5, event.seedBody());
                    insert.setString(6, event.trace() == null ? null : event.trace().traceparent());
                    insert.setString(7, event.trace() == null ? null : event.trace().tracestate());
                    insert.addBatch();
                }
                fresh = Jdbc.changed(insert.executeBatch(), events);
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO delivery (webhook_id, event_id, subscription_id, event_type, status, next_attempt_at)
                    SELECT ?, ?, ?, ?, 'PENDING', now() WHERE EXISTS (SELECT 1 FROM subscription WHERE id = ?)
                    ON CONFLICT (event_id, subscription_id) DO NOTHING""")) {
                int rows = 0;
                for (NewEvent event : fresh) {
                    for (NewDelivery delivery : event.deliveries()) {
                        insert.setString(1, delivery.webhookId());
                        insert.setString(2, event.id());
                        insert.setString(3, delivery.subscriptionId());
                        insert.setString(4, delivery.eventType());
                        insert.setString(5, delivery.subscriptionId());
                        insert.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }
}
