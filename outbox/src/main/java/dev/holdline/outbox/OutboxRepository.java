package dev.holdline.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, String> {

    /** An unsent event as the relay publishes it: no managed entity, so nothing is flushed row by row. */
    public record Pending(String id, String type, Instant createdAt, String payload) {
    }

    /**
     * The oldest unsent events, locked so that two relays (two replicas) never publish the same batch;
     * rows another relay holds are skipped, not waited for.
     */
    public List<Pending> lockUnsent(int limit) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, type, created_at, payload"
                    + " FROM outbox_event WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                select.setInt(1, limit);
                List<Pending> batch = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        batch.add(new Pending(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                                row.getString(4)));
                    }
                }
                return batch;
            }
        });
    }

    /** One statement for the whole batch: sent now. */
    public void markSent(List<String> ids, Instant now) {
        update("UPDATE outbox_event SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ANY (?)",
                ids, Timestamp.from(now));
    }

    /** One statement for the whole batch: tried and failed with {@code error}; they stay unsent. */
    public void markFailed(List<String> ids, String error) {
        update("UPDATE outbox_event SET attempts = attempts + 1, last_error = ? WHERE id = ANY (?)", ids, error);
    }

    /** Deletes up to {@code limit} events sent before {@code cutoff}; returns how many. */
    public int deleteSentBefore(Instant cutoff, int limit) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id IN"
                    + " (SELECT id FROM outbox_event WHERE sent_at < ? LIMIT ?)")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                delete.setInt(2, limit);
                return delete.executeUpdate();
            }
        });
    }

    public long countUnsent() {
        return count("sentAt is null");
    }

    private void update(String sql, List<String> ids, Object first) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setObject(1, first);
                update.setArray(2, connection.createArrayOf("varchar", ids.toArray()));
                update.executeUpdate();
            }
        });
    }
}
