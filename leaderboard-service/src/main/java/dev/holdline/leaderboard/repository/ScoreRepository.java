package dev.holdline.leaderboard.repository;

import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.service.RankIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hibernate.Session;

/** Scores, by native SQL: one upsert applies a board's operator atomically to a batch, however many write at once. */
@ApplicationScoped
public class ScoreRepository {

    private final EntityManager em;

    public ScoreRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * One player's posted score, for {@link #apply}; {@code name} is the one a new entry gets when the player has
     * set none ({@code player_profile}), null for the player id.
     */
    public record Change(String player, String name, double value, String metadata, long micros) {
    }

    /**
     * Applies each change to its player's entry with the board's operator, all in one statement, and returns the
     * entries as stored by player. A player missing from the answer was refused: the board does not exist (any
     * more), or an increment would take the score past {@code maxScore}. Each player at most once per call (one
     * statement cannot change a row twice). An entry's time and sequence change only when its score does, so
     * that of equal scores the one reached earlier ranks first. A new entry is named from the player's profile,
     * else the change's name, else the player id; an entry keeps its name (a rename rewrites it, {@link #rename}).
     * The revision of a changed entry is drawn once its row is locked, so it is newer than any the row had (a
     * rename's included). Plain JDBC: it runs for every batch of scores.
     */
    public Map<String, RankIndex.Entry> apply(Board board, String period, List<Change> changes, double maxScore) {
        String next = switch (board.operator) {
            case SET -> "EXCLUDED.score";
            case INCREMENT -> "s.score + EXCLUDED.score";
            case BEST -> board.sortOrder == SortOrder.DESC ? "GREATEST(s.score, EXCLUDED.score)"
                    : "LEAST(s.score, EXCLUDED.score)";
        };
        boolean increment = board.operator == ScoreOperator.INCREMENT;
        String sql = """
                INSERT INTO score AS s (board_id, period, player, name, score, reached_at, seq, revision, metadata,
                                        updated_at)
                SELECT ?, ?, t.player,
                       COALESCE((SELECT p.display_name FROM player_profile p WHERE p.player = t.player), t.name,
                                t.player),
                       t.score, t.micros, nextval('score_seq'), nextval('score_seq'), t.metadata, now()
                FROM unnest(?::varchar[], ?::varchar[], ?::float8[], ?::varchar[], ?::int8[])
                     AS t(player, name, score, metadata, micros)
                WHERE EXISTS (SELECT 1 FROM board WHERE id = ?)
                ON CONFLICT (board_id, period, player) DO UPDATE SET
                    metadata = COALESCE(EXCLUDED.metadata, s.metadata),
                    score = %1$s,
                    reached_at = CASE WHEN %1$s <> s.score THEN EXCLUDED.reached_at ELSE s.reached_at END,
                    seq = CASE WHEN %1$s <> s.score THEN EXCLUDED.seq ELSE s.seq END,
                    revision = nextval('score_seq'),
                    updated_at = now()%2$s
                RETURNING player, name, score, reached_at, seq, revision
                """.formatted(next, increment ? " WHERE abs(s.score + EXCLUDED.score) <= ?" : "");
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                Array players = connection.createArrayOf("varchar",
                        changes.stream().map(Change::player).toArray());
                Array names = connection.createArrayOf("varchar", changes.stream().map(Change::name).toArray());
                int i = 1;
                statement.setString(i++, board.id);
                statement.setString(i++, period);
                statement.setArray(i++, players);
                statement.setArray(i++, names);
                statement.setArray(i++, connection.createArrayOf("float8",
                        changes.stream().map(Change::value).toArray()));
                statement.setArray(i++, connection.createArrayOf("varchar",
                        changes.stream().map(Change::metadata).toArray()));
                statement.setArray(i++, connection.createArrayOf("int8",
                        changes.stream().map(Change::micros).toArray()));
                statement.setString(i++, board.id);
                if (increment) {
                    statement.setDouble(i, maxScore);
                }
                Map<String, RankIndex.Entry> stored = new HashMap<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        stored.put(row.getString(1), new RankIndex.Entry(row.getString(1), row.getString(2),
                                row.getDouble(3), row.getLong(4), row.getLong(5), row.getLong(6)));
                    }
                }
                return stored;
            }
        });
    }

    /** Every entry of a board period, for building its rank index. */
    @SuppressWarnings("unchecked")
    public void forEach(String board, String period, Consumer<RankIndex.Entry> sink) {
        try (Stream<Object[]> rows = em.createNativeQuery(
                "SELECT player, name, score, reached_at, seq, revision FROM score WHERE board_id = ?1 AND period = ?2")
                .setParameter(1, board).setParameter(2, period).setHint("org.hibernate.fetchSize", 10_000)
                .getResultStream()) {
            rows.map(ScoreRepository::entry).forEach(sink);
        }
    }

    /** Entries of a board period in rank order from {@code offset} (0-based), for past periods. */
    @SuppressWarnings("unchecked")
    public List<RankIndex.Entry> page(Board board, String period, int offset, int limit) {
        String direction = board.sortOrder == SortOrder.DESC ? "DESC" : "ASC";
        return ((List<Object[]>) em.createNativeQuery("SELECT player, name, score, reached_at, seq, revision FROM score"
                + " WHERE board_id = ?1 AND period = ?2 ORDER BY score " + direction + ", reached_at, seq"
                + " OFFSET ?3 LIMIT ?4")
                .setParameter(1, board.id).setParameter(2, period).setParameter(3, offset).setParameter(4, limit)
                .getResultList()).stream().map(ScoreRepository::entry).toList();
    }

    @SuppressWarnings("unchecked")
    public Optional<RankIndex.Entry> find(String board, String period, String player) {
        return ((List<Object[]>) em.createNativeQuery("SELECT player, name, score, reached_at, seq, revision"
                + " FROM score WHERE board_id = ?1 AND period = ?2 AND player = ?3")
                .setParameter(1, board).setParameter(2, period).setParameter(3, player).getResultList())
                .stream().findFirst().map(ScoreRepository::entry);
    }

    /** How many entries rank before {@code entry} (its rank is this + 1), for past periods. */
    public int countBefore(Board board, String period, RankIndex.Entry entry) {
        String better = board.sortOrder == SortOrder.DESC ? ">" : "<";
        return ((Number) em.createNativeQuery("SELECT count(*) FROM score WHERE board_id = ?1 AND period = ?2 AND"
                + " (score " + better + " ?3 OR (score = ?3 AND (reached_at < ?4 OR (reached_at = ?4 AND seq < ?5))))")
                .setParameter(1, board.id).setParameter(2, period).setParameter(3, entry.score())
                .setParameter(4, entry.reachedAt()).setParameter(5, entry.seq()).getSingleResult()).intValue();
    }

    /** An entry of a renamed player, as the rename left it. */
    public record Renamed(String board, String period, RankIndex.Entry entry) {
    }

    /**
     * Gives every entry of the player (every board, every period) the name, each with a new revision; answers the
     * entries changed. Waits for a score being written to one of them (its row lock), so it renames that one too.
     */
    @SuppressWarnings("unchecked")
    public List<Renamed> rename(String player, String name) {
        return ((List<Object[]>) em.createNativeQuery("UPDATE score SET name = ?1, revision = nextval('score_seq'),"
                + " updated_at = now() WHERE player = ?2 AND name <> ?1"
                + " RETURNING board_id, period, player, name, score, reached_at, seq, revision")
                .setParameter(1, name).setParameter(2, player).getResultList()).stream()
                .map(row -> new Renamed((String) row[0], (String) row[1],
                        entry(java.util.Arrays.copyOfRange(row, 2, row.length)))).toList();
    }

    /** Deletes the player's entry of the board period; answers the revision it had, or empty if there was none. */
    public Optional<Long> delete(String board, String period, String player) {
        return ((List<?>) em.createNativeQuery("DELETE FROM score WHERE board_id = ?1 AND period = ?2 AND player = ?3"
                + " RETURNING revision").setParameter(1, board).setParameter(2, period)
                .setParameter(3, player).getResultList()).stream().findFirst()
                .map(revision -> ((Number) revision).longValue());
    }

    public int deletePeriod(String board, String period) {
        return em.createNativeQuery("DELETE FROM score WHERE board_id = ?1 AND period = ?2")
                .setParameter(1, board).setParameter(2, period).executeUpdate();
    }

    private static RankIndex.Entry entry(Object[] row) {
        return new RankIndex.Entry((String) row[0], (String) row[1], ((Number) row[2]).doubleValue(),
                ((Number) row[3]).longValue(), ((Number) row[4]).longValue(), ((Number) row[5]).longValue());
    }
}
