package dev.holdline.webhooks.repository;

import static dev.holdline.webhooks.repository.Jdbc.instant;
import static dev.holdline.webhooks.repository.Jdbc.timestamp;

import dev.holdline.platform.tracing.TraceContext;
import dev.holdline.webhooks.model.Circuit;
import dev.holdline.webhooks.model.CircuitPolicy;
import dev.holdline.webhooks.model.CircuitPolicy.Outcomes;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The queue of due deliveries: senders claim them under a lease and finish them with the attempt's outcome, which
 * also moves the subscription's circuit. Its gauge: how long the oldest due delivery has waited.
 */
@ApplicationScoped
public class DeliveryQueue {

    /** A delivery a sender holds under {@code lease}, with all it needs for the request. */
    public record Claimed(long id, String webhookId, String subscriptionId, String eventType, int attempts,
            Instant createdAt, byte[] body, String url, String secret, String previousSecret,
            Instant previousSecretUntil, String headers, UUID lease, TraceContext trace) {
    }

    /** What an attempt came to; {@code next} is when to try again, null when the delivery is done. */
    public record Finished(long deliveryId, String subscriptionId, UUID lease, Instant attemptedAt,
            int durationMs, boolean succeeded, Integer statusCode, String errorKind, String error, String resolvedIp,
            String responseBody, Instant next, boolean gone) {
    }

    public enum Lane {
        FIRST("attempts = 0"), RETRY("attempts > 0");

        final String condition;

        Lane(String condition) {
            this.condition = condition;
        }
    }

    private final Jdbc jdbc;

    public DeliveryQueue(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes up to {@code limit} due deliveries of one lane under a new lease: at most {@code perSubscription}
     * of any one subscription, none of {@code skipped} (at their in-flight cap) nor of paused, disabled or
     * circuit-open ones ({@link Circuit#admits}); subscriptions in random order, so none waits behind another.
     * Rows other senders hold are skipped, not waited for.
     */
    public List<Claimed> claim(Lane lane, int limit, int perSubscription, Collection<String> skipped, Duration lease) {
        UUID token = UUID.randomUUID();
        String sql = """
                WITH picked AS (
                    SELECT c.id FROM (
                        SELECT id FROM subscription
                        WHERE status = 'ACTIVE' AND (circuit_open_until IS NULL OR circuit_open_until <= now())
                          AND NOT (id = ANY (?))
                        ORDER BY random()) s
                    CROSS JOIN LATERAL (
                        SELECT id FROM delivery
                        WHERE subscription_id = s.id AND status = 'PENDING' AND %s AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) c
                    LIMIT ?)
                UPDATE delivery d SET next_attempt_at = now() + ? * interval '1 millisecond', lease = ?
                FROM picked, webhook_event e, subscription s
                WHERE d.id = picked.id AND e.id = d.event_id AND s.id = d.subscription_id
                RETURNING d.id, d.webhook_id, d.subscription_id, d.event_type, d.attempts, d.created_at,
                          CASE WHEN d.event_type = e.type THEN e.body ELSE coalesce(e.seed_body, e.body) END,
                          s.url, s.secret, s.previous_secret, s.previous_secret_until, s.headers::text,
                          e.traceparent, e.tracestate
                """.formatted(lane.condition);
        return jdbc.inTransaction(connection -> {
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("text", skipped.toArray()));
                statement.setInt(2, perSubscription);
                statement.setInt(3, limit);
                statement.setLong(4, lease.toMillis());
                statement.setObject(5, token);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5), instant(rs, 6), rs.getBytes(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), instant(rs, 11), rs.getString(12), token,
                                TraceContext.of(rs.getString(13), rs.getString(14))));
                    }
                }
            }
            return claimed;
        });
    }

    /**
     * Records attempts and their outcome in one transaction: the attempt row, the delivery (done, or due again
     * at {@code next}; only while the sender still holds its lease) and the subscription's circuit as
     * {@code circuits} moves it (a 410 also disables the subscription).
     */
    public void finish(List<Finished> results, CircuitPolicy circuits) {
        jdbc.inTransaction(connection -> {
            List<Finished> current; // the results whose sender still held the lease
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE delivery SET attempts = attempts + 1, last_attempt_at = ?, lease = NULL,
                        status = CASE WHEN ? THEN 'SUCCEEDED' WHEN ?::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                        next_attempt_at = coalesce(?::timestamptz, next_attempt_at),
                        completed_at = CASE WHEN ?::timestamptz IS NULL THEN now() END
                    WHERE id = ? AND lease = ?""")) {
                for (Finished r : results) {
                    Timestamp next = timestamp(r.next());
                    update.setTimestamp(1, Timestamp.from(r.attemptedAt()));
                    update.setBoolean(2, r.succeeded());
                    update.setTimestamp(3, next);
                    update.setTimestamp(4, next);
                    update.setTimestamp(5, next);
                    update.setLong(6, r.deliveryId());
                    update.setObject(7, r.lease());
                    update.addBatch();
                }
                current = Jdbc.changed(update.executeBatch(), results);
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO attempt (delivery_id, attempted_at, duration_ms, succeeded, status_code, error_kind,
                                         error, resolved_ip, response_body)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM delivery WHERE id = ?)""")) {
                // also the attempts of a sender whose lease lapsed (they happened); not those of deleted deliveries
                for (Finished r : results) {
                    insert.setLong(1, r.deliveryId());
                    insert.setTimestamp(2, Timestamp.from(r.attemptedAt()));
                    insert.setInt(3, r.durationMs());
                    insert.setBoolean(4, r.succeeded());
                    if (r.statusCode() == null) {
                        insert.setNull(5, Types.INTEGER);
                    } else {
                        insert.setInt(5, r.statusCode());
                    }
                    insert.setString(6, r.errorKind());
                    insert.setString(7, r.error());
                    insert.setString(8, r.resolvedIp());
                    insert.setString(9, r.responseBody());
                    insert.setLong(10, r.deliveryId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            moveCircuits(connection, current, circuits);
            return null;
        });
    }

    /** Folds the outcomes per subscription, then loads, moves and stores each one's circuit. */
    private static void moveCircuits(Connection connection, List<Finished> results, CircuitPolicy policy)
            throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        Map<String, Outcomes> outcomes = new HashMap<>();
        for (Finished r : results) {
            outcomes.put(r.subscriptionId(),
                    outcomes.getOrDefault(r.subscriptionId(), Outcomes.NONE).then(r.succeeded(), r.gone()));
        }
        CircuitStore.Locked locked = CircuitStore.lock(connection, outcomes.keySet());
        Map<String, Circuit> moved = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        locked.circuits().forEach((id, circuit) -> {
            Outcomes batch = outcomes.get(id);
            moved.put(id, policy.after(circuit, batch, locked.now()));
            if (batch.gone()) {
                gone.add(id);
            }
        });
        CircuitStore.store(connection, moved);
        if (!gone.isEmpty()) {
            CircuitStore.disableGone(connection, gone, locked.now());
        }
    }

    /** How long the oldest due, unclaimed delivery of an active subscription has waited; zero when none. */
    public Duration oldestDueAge() {
        List<Double> age = jdbc.query("""
                SELECT coalesce(extract(epoch FROM now() - min(d.next_attempt_at)), 0) FROM delivery d
                JOIN subscription s ON s.id = d.subscription_id
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND s.status = 'ACTIVE'""",
                statement -> { }, rs -> rs.getDouble(1));
        return Duration.ofMillis(Math.round(age.get(0) * 1000));
    }
}
