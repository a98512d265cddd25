package dev.holdline.leaderboard.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/** Scores posted with an {@code Idempotency-Key}, by plain JDBC: read and written per batch of scores. */
@ApplicationScoped
public class ScoreRequestRepository {

    /** A player's key on a board. */
    public record Key(String board, String player, String idempotencyKey) {
    }

    /** A keyed score as first applied: the hash of its request and what it left. */
    public record ScoreRequest(Key key, String requestHash, String period, String name, double score,
            boolean improved) {
    }

    private final EntityManager em;

    public ScoreRequestRepository(EntityManager em) {
        this.em = em;
    }

    /** The requests already stored under any of {@code keys}, by key. */
    public Map<Key, ScoreRequest> find(List<Key> keys) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT r.board_id, r.player, r.idempotency_key, r.request_hash, r.period, r.name, r.score,
                           r.improved
                    FROM score_request r
                    JOIN unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS k(board_id, player, idempotency_key)
                      ON r.board_id = k.board_id AND r.player = k.player AND r.idempotency_key = k.idempotency_key
                    """)) {
                select.setArray(1, connection.createArrayOf("varchar", keys.stream().map(Key::board).toArray()));
                select.setArray(2, connection.createArrayOf("varchar", keys.stream().map(Key::player).toArray()));
                select.setArray(3, connection.createArrayOf("varchar",
                        keys.stream().map(Key::idempotencyKey).toArray()));
                Map<Key, ScoreRequest> found = new HashMap<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Key key = new Key(row.getString(1), row.getString(2), row.getString(3));
                        found.put(key, new ScoreRequest(key, row.getString(4), row.getString(5), row.getString(6),
                                row.getDouble(7), row.getBoolean(8)));
                    }
                }
                return found;
            }
        });
    }

    /** Stores the requests in one statement; a key stored already (a retry racing its first call) fails it. */
    public void insert(List<ScoreRequest> requests, Instant now) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO score_request (board_id, player, idempotency_key, request_hash, period, name, score,
                                               improved, created_at)
                    SELECT t.*, ? FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                              ?::varchar[], ?::float8[], ?::bool[]) AS t
                    """)) {
                insert.setTimestamp(1, Timestamp.from(now));
                insert.setArray(2, connection.createArrayOf("varchar",
                        requests.stream().map(r -> r.key().board()).toArray()));
                insert.setArray(3, connection.createArrayOf("varchar",
                        requests.stream().map(r -> r.key().player()).toArray()));
                insert.setArray(4, connection.createArrayOf("varchar",
                        requests.stream().map(r -> r.key().idempotencyKey()).toArray()));
                insert.setArray(5, connection.createArrayOf("varchar",
                        requests.stream().map(ScoreRequest::requestHash).toArray()));
                insert.setArray(6, connection.createArrayOf("varchar",
                        requests.stream().map(ScoreRequest::period).toArray()));
                insert.setArray(7, connection.createArrayOf("varchar",
                        requests.stream().map(ScoreRequest::name).toArray()));
                insert.setArray(8, connection.createArrayOf("float8",
                        requests.stream().map(ScoreRequest::score).toArray()));
                insert.setArray(9, connection.createArrayOf("bool",
                        requests.stream().map(ScoreRequest::improved).toArray()));
                insert.executeUpdate();
            }
        });
    }

    /** Deletes up to {@code limit} requests stored before {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff, int limit) {
        return em.createNativeQuery("DELETE FROM score_request WHERE ctid IN (SELECT ctid FROM score_request"
                + " WHERE created_at < ?1 LIMIT ?2)").setParameter(1, cutoff).setParameter(2, limit).executeUpdate();
    }
}
