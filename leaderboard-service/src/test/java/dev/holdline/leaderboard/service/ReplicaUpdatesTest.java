package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.leaderboard.ScoreSubmitted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a replica takes batches of scores: its own as it commits them, the others' as it reads them. */
class ReplicaUpdatesTest {

    /** One {@link BoardRanks#apply(String, String, List)} call: one pass of a board period's index. */
    private record Pass(String board, String period, List<String> players) {
    }

    /** The ranks and snapshots a replica holds, reduced to what they are asked. */
    private static final class Replica {
        final List<Pass> passes = new ArrayList<>();
        final List<String> looks = new ArrayList<>();
        final ReplicaUpdates updates;

        Replica(String name) {
            BoardRanks ranks = new BoardRanks(null) {
                @Override
                public boolean apply(String board, String period, List<RankIndex.Entry> entries) {
                    passes.add(new Pass(board, period, entries.stream().map(RankIndex.Entry::player).toList()));
                    return true;
                }
            };
            SnapshotService snapshots = new SnapshotService(null, null, ranks, null, null, null, null, null) {
                @Override
                public void changed(String board) {
                    looks.add(board);
                }
            };
            updates = new ReplicaUpdates(null, ranks, snapshots, new ReplicaInstance(name));
        }
    }

    private static ScoreSubmitted.Score score(String period, String player, long revision) {
        return new ScoreSubmitted.Score(period, player, player, 10, 10, true, revision, revision, revision);
    }

    private static final ScoreSubmitted BATCH = new ScoreSubmitted("b1", List.of(score("all", "ann", 1),
            score("all", "bob", 2), score("all", "ann", 3)));

    @Test
    void shouldSkipItsOwnBatchWhenItComesBack() {
        Replica a = new Replica("leaderboard-a");

        a.updates.committed(BATCH);
        a.updates.taken("leaderboard-a", BATCH); // the same batch, back from RabbitMQ

        assertEquals(List.of(new Pass("b1", "all", List.of("ann", "bob", "ann"))), a.passes,
                "ranked once, as it committed");
        assertEquals(List.of("b1"), a.looks);
    }

    @Test
    void shouldTakeAnotherReplicasBatchInOnePassAndOneLook() {
        Replica b = new Replica("leaderboard-b");

        b.updates.taken("leaderboard-a", BATCH);
        b.updates.taken(null, new ScoreSubmitted("b2", List.of(score("all", "cy", 4)))); // unmarked: not its own

        assertEquals(List.of(new Pass("b1", "all", List.of("ann", "bob", "ann")), new Pass("b2", "all",
                List.of("cy"))), b.passes);
        assertEquals(List.of("b1", "b2"), b.looks);
    }

    @Test
    void shouldTakeABatchAcrossADailyResetOnePassPerPeriod() {
        Replica b = new Replica("leaderboard-b");

        b.updates.taken("leaderboard-a", new ScoreSubmitted("daily", List.of(score("2026-12-06", "ann", 1),
                score("2026-12-07", "bob", 2), score("2026-12-06", "cy", 3))));

        assertEquals(List.of(new Pass("daily", "2026-12-06", List.of("ann", "cy")),
                new Pass("daily", "2026-12-07", List.of("bob"))), b.passes);
        assertEquals(List.of("daily"), b.looks);
    }
}
