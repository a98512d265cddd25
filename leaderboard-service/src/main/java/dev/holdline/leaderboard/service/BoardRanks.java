package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.repository.ScoreRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The rank index of each board's current period, in memory, so that rank reads never scan: loaded from
 * PostgreSQL on first use, then kept current by this replica's writes (a batch at a time, as it commits) and by
 * {@code score.submitted} from the others (a batch per message). One index per board (the period it holds is
 * replaced when the board resets), so memory grows with boards and players, never with requests. Past periods
 * are read from PostgreSQL.
 */
@ApplicationScoped
public class BoardRanks {

    private static final Logger LOG = Logger.getLogger(BoardRanks.class);

    /** One board's index and the period it holds; every access holds the monitor. */
    private static final class Holder {
        final String period;
        final RankIndex index;

        Holder(String period, boolean descending) {
            this.period = period;
            this.index = new RankIndex(descending);
        }
    }

    private final ScoreRepository scores;
    private final Map<String, Holder> boards = new ConcurrentHashMap<>();

    public BoardRanks(ScoreRepository scores) {
        this.scores = scores;
    }

    /** Runs {@code reader} on the index of the board's {@code period} (its current one), loading it if needed. */
    public <T> T read(Board board, String period, Function<RankIndex, T> reader) {
        Holder holder = holder(board, period);
        synchronized (holder) {
            return reader.apply(holder.index);
        }
    }

    /**
     * Takes an entry as stored (by this replica or another); returns whether the ranks changed (not if that
     * period is not in memory, or the entry is one already held).
     */
    public boolean apply(String board, String period, RankIndex.Entry entry) {
        Holder holder = boards.get(board);
        if (holder != null && holder.period.equals(period)) {
            synchronized (holder) {
                return holder.index.put(entry);
            }
        }
        return false;
    }

    /**
     * Takes a batch of entries of one board period as stored, under one hold of the board's lock ({@link
     * RankIndex#putAll}); returns whether the ranks changed (not if that period is not in memory, or every entry
     * is one already held or refused).
     */
    public boolean apply(String board, String period, List<RankIndex.Entry> entries) {
        Holder holder = boards.get(board);
        if (holder != null && holder.period.equals(period)) {
            synchronized (holder) {
                return holder.index.putAll(entries);
            }
        }
        return false;
    }

    /**
     * Drops the player's entry up to {@code revision} (the removed entry's) and refuses it later; returns whether
     * the ranks changed (not if that period is not in memory).
     */
    public boolean remove(String board, String period, String player, long revision) {
        Holder holder = boards.get(board);
        if (holder != null && holder.period.equals(period)) {
            synchronized (holder) {
                return holder.index.removeUpTo(player, revision);
            }
        }
        return false;
    }

    /** Drops what is held for the board; the next read loads it again from PostgreSQL. */
    public void forget(String board) {
        boards.remove(board);
    }

    /** Drops every index: after this replica may have missed {@code score.submitted} events. */
    public void forgetAll() {
        boards.clear();
    }

    private Holder holder(Board board, String period) {
        Holder held = boards.get(board.id);
        if (held != null && held.period.equals(period)) {
            return held;
        }
        synchronized (this) {
            held = boards.get(board.id);
            if (held != null && held.period.equals(period)) {
                return held;
            }
            Holder loading = new Holder(period, board.sortOrder == SortOrder.DESC);
            long started = System.nanoTime();
            // entries applied while this loads wait on the monitor, then land on top of what was read
            synchronized (loading) {
                boards.put(board.id, loading);
                try {
                    QuarkusTransaction.joiningExisting().run(() -> scores.forEach(board.id, period,
                            loading.index::put));
                } catch (RuntimeException e) {
                    boards.remove(board.id, loading); // never serve a half-loaded index
                    throw e;
                }
            }
            LOG.infof("board %s, period %s: %d players ranked in %d ms", board.id, period, loading.index.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return loading;
        }
    }
}
