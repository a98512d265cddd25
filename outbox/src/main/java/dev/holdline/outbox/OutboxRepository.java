package dev.holdline.outbox;

import dev.holdline.events.CloudEvent;
import dev.holdline.platform.tracing.TraceContext;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.postgresql.PGStatement;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, String> {

    /**
     * An unsent event as the relay publishes it: no managed entity, so nothing is flushed row by row.
     *
     * @param trace the trace of the transaction that enqueued it (null: none was current)
     */
    public record Pending(String id, String type, Instant createdAt, String payload, TraceContext trace) {
    }

    /**
     * Writes the events as unsent rows with one JDBC batch: no managed entities, so nothing for Hibernate to
     * track and flush row by row (the leaderboard writes a hundred per transaction). Each row is a microsecond
     * after the one before, so that the relay (oldest first) publishes them in the order given. Each row keeps
     * {@code trace}, the enqueuing transaction's trace context, which the relay's publish continues.
     */
    public void insert(List<CloudEvent> events, Instant now, TraceContext trace) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_event"
                    + " (id, type, payload, created_at, traceparent, tracestate) VALUES (?, ?, ?, ?, ?, ?)")) {
                Instant createdAt = now;
                for (CloudEvent event : events) {
                    insert.setString(1, event.id());
                    insert.setString(2, event.type());
                    insert.setString(3, event.toJson());
                    insert.setTimestamp(4, Timestamp.from(createdAt));
                    insert.setString(5, trace == null ? null : trace.traceparent());
                    insert.setString(6, trace == null ? null : trace.tracestate());
                    createdAt = createdAt.plus(1, ChronoUnit.MICROS);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * The oldest unsent events, locked so that two relays (two replicas) never publish the same batch;
     * rows another relay holds are skipped, not waited for.
     */
    public List<Pending> lockUnsent(int limit) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (Statement relaxed = connection.createStatement()) {
                // marking rows sent need not wait for the disk: a mark lost in a crash publishes the rows again
                // with the same event ids, which consumers tolerate (at least once, as after a confirm timeout)
                relaxed.execute("SET LOCAL synchronous_commit = off");
            }
            try (PreparedStatement select = planned(connection.prepareStatement("SELECT id, type, created_at, payload,"
                    + " traceparent, tracestate FROM outbox_event WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED"))) {
                select.setInt(1, limit);
                List<Pending> batch = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        batch.add(new Pending(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                                row.getString(4), TraceContext.of(row.getString(5), row.getString(6))));
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
            try (PreparedStatement delete = planned(connection.prepareStatement("DELETE FROM outbox_event WHERE id IN"
                    + " (SELECT id FROM outbox_event WHERE sent_at < ? LIMIT ?)"))) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                delete.setInt(2, limit);
                return delete.executeUpdate();
            }
        });
    }

    public long countUnsent() {
        return count("sentAt is null");
    }

    /**
     * The relay's statements are planned on every run, never kept as a server-side prepared statement: the table
     * grows from nothing to many thousand sent rows within a minute of load, and a plan kept from when it was
     * small scans all of it (a sequential scan per marked batch, measured at 25-470 ms and most of PostgreSQL's
     * CPU under 1,000 scores/s), where planning afresh takes the index.
     */
    private static PreparedStatement planned(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }

    private void update(String sql, List<String> ids, Object first) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = planned(connection.prepareStatement(sql))) {
                update.setObject(1, first);
                update.setArray(2, connection.createArrayOf("varchar", ids.toArray()));
                update.executeUpdate();
            }
        });
    }
}
