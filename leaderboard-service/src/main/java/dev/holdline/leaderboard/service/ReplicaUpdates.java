package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.LeaderboardReset;
import dev.holdline.events.leaderboard.PlayerRenamed;
import dev.holdline.events.leaderboard.ScoreRemoved;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes committed here or on another replica (as read from their events) applied to this replica's ranks
 * ({@link BoardRanks}), each pushing a new snapshot of its board when it changed something. A batch of scores is
 * applied once per replica: here as it commits ({@link #committed}), on the others as they read its event
 * ({@link #taken}).
 */
@ApplicationScoped
public class ReplicaUpdates {

    private final BoardService boards;
    private final BoardRanks ranks;
    private final SnapshotService snapshots;
    private final ReplicaInstance replica;

    public ReplicaUpdates(BoardService boards, BoardRanks ranks, SnapshotService snapshots,
            ReplicaInstance replica) {
        this.boards = boards;
        this.ranks = ranks;
        this.snapshots = snapshots;
        this.replica = replica;
    }

    /**
     * A batch of scores this replica has just committed, ranked here in one pass of the board's index (whether or
     * not its callers still wait for it), and one look at the board's top.
     */
    public void committed(ScoreSubmitted batch) {
        apply(batch);
        snapshots.changed(batch.board());
    }

    /**
     * A batch of accepted scores, as read from {@code score.submitted} that {@code publisher} (the event's
     * {@code replica} attribute) published: one pass of the board's index, one look at its top. A batch this
     * replica published is skipped: it was ranked here as it committed ({@link #committed}); a replica that
     * restarted under the same name holds nothing older than its start, as it reads its ranks from PostgreSQL.
     */
    public void taken(String publisher, ScoreSubmitted batch) {
        if (!replica.name().equals(publisher) && apply(batch)) {
            snapshots.changed(batch.board());
        }
    }

    /**
     * Boards whose batch may have committed although its transaction failed (the connection lost as it
     * committed): since this replica skips its own batches when they come back, their ranks are read again from
     * PostgreSQL.
     */
    public void uncertain(Collection<String> boardIds) {
        boardIds.forEach(ranks::forget);
    }

    /** A removed entry, here or on another replica (as read from {@code score.removed}). */
    public void removed(ScoreRemoved removed) {
        if (ranks.remove(removed.board(), removed.period(), removed.player(), removed.revision())) {
            snapshots.changed(removed.board());
        }
    }

    /** A renamed player's entries, here or on another replica (as read from {@code player.renamed}). */
    public void renamed(PlayerRenamed renamed) {
        for (PlayerRenamed.Entry e : renamed.entries()) {
            if (ranks.apply(e.board(), e.period(), new RankIndex.Entry(renamed.player(), renamed.name(), e.score(),
                    e.reachedAt(), e.seq(), e.revision()))) {
                snapshots.changed(e.board());
            }
        }
    }

    /** A board seeded or deleted (here or on another replica): its ranks are read again from PostgreSQL. */
    public void reset(LeaderboardReset reset) {
        boards.forget(reset.board());
        if (!reset.deleted()) {
            snapshots.changed(reset.board());
        }
    }

    /** The batch's entries, one pass per board period (two only when a daily or weekly board reset meanwhile). */
    private boolean apply(ScoreSubmitted batch) {
        Map<String, List<RankIndex.Entry>> byPeriod = new LinkedHashMap<>();
        for (ScoreSubmitted.Score score : batch.scores()) {
            byPeriod.computeIfAbsent(score.period(), p -> new ArrayList<>()).add(RankIndex.Entry.of(score));
        }
        boolean changed = false;
        for (Map.Entry<String, List<RankIndex.Entry>> period : byPeriod.entrySet()) {
            changed |= ranks.apply(batch.board(), period.getKey(), period.getValue());
        }
        return changed;
    }
}
