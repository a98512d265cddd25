package dev.holdline.webhooks.repository;

import static dev.holdline.webhooks.repository.Jdbc.instant;
import static dev.holdline.webhooks.repository.Jdbc.timestamp;

import dev.holdline.webhooks.model.Circuit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads and stores subscriptions' circuits ({@link Circuit}) inside a caller's transaction; what they become is
 * {@link dev.holdline.webhooks.model.CircuitPolicy}'s to say. Rows are loaded {@code FOR NO KEY UPDATE}, so that
 * the circuit written back was computed from the latest one and replicas finishing at once do not lose each
 * other's failures; the lock an {@code UPDATE} of these columns takes anyway, which does not wait for intake's
 * foreign-key checks on the same rows ({@code FOR UPDATE} would, and deadlocked with them).
 */
final class CircuitStore {

    /** The locked circuits, by subscription id, and the transaction's {@code now()}. */
    record Locked(Map<String, Circuit> circuits, Instant now) {
    }

    private CircuitStore() {
    }

    /**
     * Locks the subscriptions' rows in id order (byte order, as Java orders these ASCII ids and as earlier versions
     * locked them, so that replicas finishing at once lock them in the same order) and reads their circuits; a
     * subscription deleted meanwhile is left out.
     */
    static Locked lock(Connection connection, Collection<String> subscriptionIds) throws SQLException {
        Map<String, Circuit> circuits = new LinkedHashMap<>();
        Instant now = null;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, consecutive_failures, failing_since, circuit_open_until, last_success_at, now()
                FROM subscription WHERE id = ANY (?) ORDER BY id COLLATE "C" FOR NO KEY UPDATE""")) {
            select.setArray(1, connection.createArrayOf("text", subscriptionIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    circuits.put(rs.getString(1),
                            new Circuit(rs.getInt(2), instant(rs, 3), instant(rs, 4), instant(rs, 5)));
                    now = instant(rs, 6);
                }
            }
        }
        return new Locked(circuits, now);
    }

    /** Writes the circuits back to rows locked by {@link #lock}. */
    static void store(Connection connection, Map<String, Circuit> circuits) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE subscription SET consecutive_failures = ?, failing_since = ?, circuit_open_until = ?,
                    last_success_at = ?
                WHERE id = ?""")) {
            for (Map.Entry<String, Circuit> entry : circuits.entrySet()) {
                Circuit circuit = entry.getValue();
                update.setInt(1, circuit.consecutiveFailures());
                update.setTimestamp(2, timestamp(circuit.failingSince()));
                update.setTimestamp(3, timestamp(circuit.openUntil()));
                update.setTimestamp(4, timestamp(circuit.lastSuccessAt()));
                update.setString(5, entry.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Disables subscriptions whose endpoint answered 410 Gone. */
    static void disableGone(Connection connection, Collection<String> subscriptionIds, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE subscription SET status = 'DISABLED', disabled_reason = 'the endpoint answered 410 Gone',
                    updated_at = ?
                WHERE id = ?""")) {
            for (String id : subscriptionIds) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
