package dev.holdline.webhooks.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Retention: removes what is older than {@code webhooks.retention} and no longer owed to anyone. */
@ApplicationScoped
public class DeliveryPruning {

    private final Jdbc jdbc;

    public DeliveryPruning(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Removes attempts older than {@code before}, succeeded deliveries finished before it and unowed events, in
     * one transaction; how many rows. Failed and pending deliveries stay.
     */
    public int prune(Instant before) {
        return jdbc.inTransaction(connection -> {
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
}
