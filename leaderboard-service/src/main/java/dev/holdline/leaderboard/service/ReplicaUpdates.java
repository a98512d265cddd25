package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.LeaderboardReset;
import dev.holdline.events.leaderboard.PlayerRenamed;
import dev.holdline.events.leaderboard.ScoreRemoved;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Changes committed here or on another replica (as read from their events) applied to this replica's ranks
 * ({@link BoardRanks}), each pushing a new snapshot of its board when it changed something.
 */
@ApplicationScoped
public class ReplicaUpdates {

    private final BoardService boards;
    private final BoardRanks ranks;
    private final SnapshotService snapshots;

    public ReplicaUpdates(BoardService boards, BoardRanks ranks, SnapshotService snapshots) {
        this.boards = boards;
        this.ranks = ranks;
        this.snapshots = snapshots;
    }

    /** An accepted score, as read from {@code score.submitted}. */
    public void taken(ScoreSubmitted submitted) {
        if (ranks.apply(submitted.board(), submitted.period(), RankIndex.Entry.of(submitted))) {
            snapshots.changed(submitted.board());
        }
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
}
