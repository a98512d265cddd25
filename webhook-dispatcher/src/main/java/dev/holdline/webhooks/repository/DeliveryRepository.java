package dev.holdline.webhooks.repository;

import static dev.holdline.webhooks.repository.Jdbc.instant;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deliveries and their attempts as operators see them, and the operators' commands: retry one, recover many. */
@ApplicationScoped
public class DeliveryRepository {

    public record DeliveryView(long id, String webhookId, String eventId, String subscriptionId, String eventType,
            String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant lastAttemptAt,
            Instant completedAt) {
    }

    public record AttemptView(long id, Instant attemptedAt, int durationMs, boolean succeeded, Integer statusCode,
            String errorKind, String error, String resolvedIp, String responseBody) {
    }

    private final Jdbc jdbc;

    public DeliveryRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.query(sql.toString(), statement -> {
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
        }, DeliveryRepository::delivery);
    }

    public Optional<DeliveryView> find(long id) {
        return jdbc.query("""
                SELECT id, webhook_id, event_id, subscription_id, event_type, status, attempts, next_attempt_at,
                       created_at, last_attempt_at, completed_at FROM delivery WHERE id = ?""",
                statement -> statement.setLong(1, id), DeliveryRepository::delivery).stream().findFirst();
    }

    public List<AttemptView> attempts(long deliveryId) {
        return jdbc.query("""
                SELECT id, attempted_at, duration_ms, succeeded, status_code, error_kind, error, resolved_ip,
                       response_body FROM attempt WHERE delivery_id = ? ORDER BY id""",
                statement -> statement.setLong(1, deliveryId),
                rs -> new AttemptView(rs.getLong(1), instant(rs, 2), rs.getInt(3), rs.getBoolean(4),
                        (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
    }

    /** Makes a finished delivery due now with a fresh retry schedule; false when it is still pending or absent. */
    public boolean retry(long id) {
        return jdbc.update("""
                UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), completed_at = NULL
                WHERE id = ? AND status <> 'PENDING'""", statement -> statement.setLong(1, id)) > 0;
    }

    /** Makes every delivery of a subscription that failed since {@code since} due now; how many. */
    public int recover(String subscriptionId, Instant since) {
        return jdbc.update("""
                UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), completed_at = NULL
                WHERE subscription_id = ? AND status = 'FAILED' AND created_at >= ?""", statement -> {
            statement.setString(1, subscriptionId);
            statement.setTimestamp(2, Timestamp.from(since));
        });
    }

    private static DeliveryView delivery(ResultSet rs) throws SQLException {
        String status = rs.getString(6);
        return new DeliveryView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                status, rs.getInt(7), "PENDING".equals(status) ? instant(rs, 8) : null, instant(rs, 9),
                instant(rs, 10), instant(rs, 11));
    }
}
