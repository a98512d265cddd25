package dev.holdline.webhooks.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import dev.holdline.platform.tracing.TraceContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Events, deliveries and attempts, by plain JDBC: these statements run for every event and every attempt, in
 * batches and transactions of their own (never a JTA transaction).
 */
@ApplicationScoped
public class DeliveryRepository {

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

    /** A delivery a sender holds under {@code lease}, with all it needs for the request. */
    public record Claimed(long id, String webhookId, String subscriptionId, String eventType, int attempts,
            Instant createdAt, byte[] body, String url, String secret, String previousSecret,
            Instant previousSecretUntil, String headers, UUID lease, TraceContext trace) {
    }

    /** What an attempt came to; {@code next} is when to try again, null when the delivery is done. */
    public record Finished(long deliveryId, String subscriptionId, UUID lease, Instant attemptedAt, int durationMs,
            boolean succeeded, Integer statusCode, String errorKind, String error, String resolvedIp,
            String responseBody, Instant next, boolean gone) {
    }

    public record DeliveryView(long id, String webhookId, String eventId, String subscriptionId, String eventType,
            String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant lastAttemptAt,
            Instant completedAt) {
    }

    public record AttemptView(long id, Instant attemptedAt, int durationMs, boolean succeeded, Integer statusCode,
            String errorKind, String error, String resolvedIp, String responseBody) {
    }

    public enum Lane {
        FIRST("attempts = 0"), RETRY("attempts > 0");

        final String condition;

        Lane(String condition) {
            this.condition = condition;
        }
    }

    private final AgroalDataSource dataSource;

    public DeliveryRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The subscriptions that take new events: active ones and paused ones (sent on resume). */
    public List<Receiver> receivers() {
        return query("SELECT id, event_types, naming FROM subscription WHERE status IN ('ACTIVE', 'PAUSED')",
                statement -> { }, rs -> new Receiver(rs.getString(1),
                        List.of((String[]) rs.getArray(2).getArray()), rs.getString(3)));
    }

    /**
     * Stores the events not stored before, each with its deliveries, in one transaction; an event already
     * stored (a redelivery from RabbitMQ) adds nothing. A delivery for a subscription deleted meanwhile is
     * skipped.
     */
    public void store(List<NewEvent> events) {
        inTransaction(connection -> {
            List<NewEvent> fresh = new ArrayList<>();
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
                int[] counts = insert.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        fresh.add(events.get(i));
                    }
                }
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

    /**
     * Takes up to {@code limit} due deliveries of one lane under a new lease: at most {@code perSubscription}
     * of any one subscription, none of {@code skipped} (at their in-flight cap) nor of paused, disabled or
     * circuit-open ones; subscriptions in random order, so none waits behind another. Rows other senders hold
     * are skipped, not waited for.
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
        return inTransaction(connection -> {
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
     * at {@code next}; only while the sender still holds its lease) and the subscription's health (successes
     * close its circuit; consecutive failures open it for {@code circuitOpen} doubling per failure past
     * {@code circuitFailures}, up to {@code circuitMaxOpen}; a 410 disables it).
     */
    public void finish(List<Finished> results, int circuitFailures, Duration circuitOpen, Duration circuitMaxOpen) {
        inTransaction(connection -> {
            List<Finished> current = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE delivery SET attempts = attempts + 1, last_attempt_at = ?, lease = NULL,
                        status = CASE WHEN ? THEN 'SUCCEEDED' WHEN ?::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                        next_attempt_at = coalesce(?::timestamptz, next_attempt_at),
                        completed_at = CASE WHEN ?::timestamptz IS NULL THEN now() END
                    WHERE id = ? AND lease = ?""")) {
                for (Finished r : results) {
                    Timestamp next = r.next() == null ? null : Timestamp.from(r.next());
                    update.setTimestamp(1, Timestamp.from(r.attemptedAt()));
                    update.setBoolean(2, r.succeeded());
                    update.setTimestamp(3, next);
                    update.setTimestamp(4, next);
                    update.setTimestamp(5, next);
                    update.setLong(6, r.deliveryId());
                    update.setObject(7, r.lease());
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        current.add(results.get(i));
                    }
                }
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
            updateHealth(connection, current, circuitFailures, circuitOpen, circuitMaxOpen);
            return null;
        });
    }

    private static void updateHealth(Connection connection, List<Finished> results, int circuitFailures,
            Duration circuitOpen, Duration circuitMaxOpen) throws SQLException {
        // per subscription, the batch's last outcome and the failures after its last success; in id order, so
        // that replicas finishing at once lock subscriptions in the same order
        Map<String, int[]> failuresAfterSuccess = new LinkedHashMap<>(); // {failures, anySuccess, gone}
        for (Finished r : results) {
            int[] health = failuresAfterSuccess.computeIfAbsent(r.subscriptionId(), k -> new int[3]);
            if (r.succeeded()) {
                health[0] = 0;
                health[1] = 1;
            } else {
                health[0]++;
            }
            health[2] |= r.gone() ? 1 : 0;
        }
        List<Map.Entry<String, int[]>> ordered = new ArrayList<>(failuresAfterSuccess.entrySet());
        ordered.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE subscription SET
                    last_success_at = CASE WHEN ? THEN now() ELSE last_success_at END,
                    consecutive_failures = CASE WHEN ? THEN 0 ELSE consecutive_failures END + ?,
                    failing_since = CASE WHEN ? = 0 THEN NULL WHEN ? OR failing_since IS NULL THEN now()
                                         ELSE failing_since END,
                    circuit_open_until = CASE
                        WHEN (CASE WHEN ? THEN 0 ELSE consecutive_failures END + ?) >= ?
                        THEN now() + least(? * power(2, least(20, (CASE WHEN ? THEN 0 ELSE consecutive_failures END + ?) - ?)), ?)
                                     * interval '1 millisecond'
                        ELSE NULL END,
                    status = CASE WHEN ? THEN 'DISABLED' ELSE status END,
                    disabled_reason = CASE WHEN ? THEN 'the endpoint answered 410 Gone' ELSE disabled_reason END,
                    updated_at = CASE WHEN ? THEN now() ELSE updated_at END
                WHERE id = ?""")) {
            for (Map.Entry<String, int[]> entry : ordered) {
                int failures = entry.getValue()[0];
                boolean success = entry.getValue()[1] == 1;
                boolean gone = entry.getValue()[2] == 1;
                int i = 1;
                update.setBoolean(i++, success);
                update.setBoolean(i++, success);
                update.setInt(i++, failures);
                update.setInt(i++, failures);
                update.setBoolean(i++, success);
                update.setBoolean(i++, success);
                update.setInt(i++, failures);
                update.setInt(i++, circuitFailures);
                update.setLong(i++, circuitOpen.toMillis());
                update.setBoolean(i++, success);
                update.setInt(i++, failures);
                update.setInt(i++, circuitFailures);
                update.setLong(i++, circuitMaxOpen.toMillis());
                update.setBoolean(i++, gone);
                update.setBoolean(i++, gone);
                update.setBoolean(i++, gone);
                update.setString(i, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Deliveries, newest first, filtered by whatever is given; {@code before} pages by id. */
    public List<DeliveryView> list(String status, String subscriptionId, String eventType, Long before, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, webhook_id, event_id, subscription_id, event_type, status, attempts, next_attempt_at,
                       created_at, last_attempt_at, completed_at FROM delivery WHERE true""");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (subscriptionId != null) {
            sql.append(" AND subscription_id = ?");
            args.add(subscriptionId);
        }
        if (eventType != null) {
            sql.append(" AND event_type = ?");
            args.add(eventType);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return query(sql.toString(), statement -> {
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
        }, DeliveryRepository::delivery);
    }

    public Optional<DeliveryView> find(long id) {
        return query("""
                SELECT id, webhook_id, event_id, subscription_id, event_type, status, attempts, next_attempt_at,
                       created_at, last_attempt_at, completed_at FROM delivery WHERE id = ?""",
                statement -> statement.setLong(1, id), DeliveryRepository::delivery).stream().findFirst();
    }

    public List<AttemptView> attempts(long deliveryId) {
        return query("""
                SELECT id, attempted_at, duration_ms, succeeded, status_code, error_kind, error, resolved_ip,
                       response_body FROM attempt WHERE delivery_id = ? ORDER BY id""",
                statement -> statement.setLong(1, deliveryId),
                rs -> new AttemptView(rs.getLong(1), instant(rs, 2), rs.getInt(3), rs.getBoolean(4),
                        (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
    }

    /** Makes a finished delivery due now with a fresh retry schedule; false when it is still pending or absent. */
    public boolean retry(long id) {
        return update("""
                UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), completed_at = NULL
                WHERE id = ? AND status <> 'PENDING'""", statement -> statement.setLong(1, id)) > 0;
    }

    /** Makes every delivery of a subscription that failed since {@code since} due now; how many. */
    public int recover(String subscriptionId, Instant since) {
        return update("""
                UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), completed_at = NULL
                WHERE subscription_id = ? AND status = 'FAILED' AND created_at >= ?""", statement -> {
            statement.setString(1, subscriptionId);
            statement.setTimestamp(2, Timestamp.from(since));
        });
    }

    /** Removes attempts older than {@code before}, succeeded deliveries finished before it and unowed events. */
    public int prune(Instant before) {
        return inTransaction(connection -> {
            int removed = 0;
            for (String sql : List.of("DELETE FROM attempt WHERE attempted_at < ?",
                    "DELETE FROM delivery WHERE status = 'SUCCEEDED' AND completed_at < ?",
                    "DELETE FROM webhook_event e WHERE received_at < ? AND NOT EXISTS "
                            + "(SELECT 1 FROM delivery d WHERE d.event_id = e.id)")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setTimestamp(1, Timestamp.from(before));
                    removed += statement.executeUpdate();
                }
            }
            return removed;
        });
    }

    /** How long the oldest due, unclaimed delivery of an active subscription has waited; zero when none. */
    public Duration oldestDueAge() {
        List<Double> age = query("""
                SELECT coalesce(extract(epoch FROM now() - min(d.next_attempt_at)), 0) FROM delivery d
                JOIN subscription s ON s.id = d.subscription_id
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND s.status = 'ACTIVE'""",
                statement -> { }, rs -> rs.getDouble(1));
        return Duration.ofMillis(Math.round(age.get(0) * 1000));
    }

    private static DeliveryView delivery(ResultSet rs) throws SQLException {
        String status = rs.getString(6);
        return new DeliveryView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                status, rs.getInt(7), "PENDING".equals(status) ? instant(rs, 8) : null, instant(rs, 9),
                instant(rs, 10), instant(rs, 11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
