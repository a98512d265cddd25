package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.testing.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A batch of scores is the unit of publishing: one {@code score.submitted} per board per batch, ranked here as it
 * commits, on another replica from that one message, and skipped here when it comes back.
 */
@QuarkusTest
class ScoreBatchesTest {

    @Inject
    ScoreBatchTransaction transaction;
    @Inject
    BoardService boards;
    @Inject
    BoardRanks ranks;
    @Inject
    ScoreRepository scores;
    @Inject
    SnapshotService snapshots;
    @Inject
    ReplicaInstance replica;

    private Board board() {
        return boards.create("b-" + UUID.randomUUID().toString().substring(0, 12), SortOrder.DESC,
                ScoreOperator.BEST, null, false);
    }

    private static ScoreWriter.Write write(Board board, String player, double value) {
        Instant now = Instant.now();
        return new ScoreWriter.Write(board, Periods.ALL_TIME, player, null, value, null,
                now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, null, null);
    }

    private static List<String> players(BoardRanks ranks, Board board) {
        return ranks.read(board, Periods.ALL_TIME, index -> index.range(1, 10).stream()
                .map(RankIndex.Entry::player).toList());
    }

    @Test
    void shouldBringABatchCommittedHereToAnotherReplicasRanksInOneMessage() {
        Board board = board();
        // the other replica: its own rank index of the board, on the same database, fed what its queue reads
        BoardRanks otherRanks = new BoardRanks(scores);
        ReplicaUpdates other = new ReplicaUpdates(boards, otherRanks, snapshots, new ReplicaInstance("other"));
        assertEquals(List.of(), players(otherRanks, board));
        assertEquals(List.of(), players(ranks, board));
        try (EventProbe probe = EventProbe.listen(EventTypes.SCORE_SUBMITTED)) {
            List<ScoreWriter.Outcome> outcomes = transaction.commit(List.of(write(board, "ann", 10),
                    write(board, "bob", 30), write(board, "cy", 20), write(board, "ann", 40)));

            assertTrue(outcomes.stream().allMatch(o -> o instanceof ScoreWriter.Outcome.Stored), outcomes::toString);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> players(ranks, board),
                    List.of("ann", "bob", "cy")::equals); // ranked here as it committed: its message is skipped
            // a later batch of the same board: once its message is in, the first batch's is too
            transaction.commit(List.of(write(board, "zed", 1)));
            probe.await(m -> m.body().contains("\"zed\""), Duration.ofSeconds(10));
            List<EventProbe.Received> messages = probe.received().stream()
                    .filter(m -> m.body().contains("\"board\":\"" + board.id + "\"") && !m.body().contains("\"zed\""))
                    .toList();

            assertEquals(1, messages.size(), "one message for the batch's four scores");
            CloudEvent event = CloudEvent.fromJson(messages.get(0).body());
            assertEquals("leaderboards/" + board.id, event.subject());
            assertEquals(replica.name(), event.replica(), "marked as this replica's");
            ScoreSubmitted batch = event.dataAs(ScoreSubmitted.class);
            assertEquals(List.of("ann", "bob", "cy", "ann"), batch.scores().stream()
                    .map(ScoreSubmitted.Score::player).toList(), "every stored score, in the order applied");

            other.taken(event.replica(), batch);

            assertEquals(List.of("ann", "bob", "cy"), players(otherRanks, board));
            assertEquals(40.0, otherRanks.read(board, Periods.ALL_TIME, index -> index.get("ann").score()));
        }
    }

    @Test
    void shouldSkipItsOwnBatchWhenRabbitMqBringsItBack() {
        Board board = board();
        assertEquals(List.of(), players(ranks, board));
        transaction.commit(List.of(write(board, "ann", 10)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> players(ranks, board), List.of("ann")::equals);
        long revision = Long.MAX_VALUE / 2; // newer than anything stored: taken, were it read
        try (EventProbe probe = EventProbe.listen(EventTypes.SCORE_SUBMITTED)) {
            probe.publish(CloudEvent.create("leaderboard-service", EventTypes.SCORE_SUBMITTED,
                    "leaderboards/" + board.id, List.of(), new ScoreSubmitted(board.id, List.of(
                            new ScoreSubmitted.Score(Periods.ALL_TIME, "own", "own", 99, 99, true, 1, 1, revision))))
                    .withReplica(replica.name()));
            // then another replica's batch on the same queue: once it is ranked, the one above was read
            probe.publish(CloudEvent.create("leaderboard-service", EventTypes.SCORE_SUBMITTED,
                    "leaderboards/" + board.id, List.of(), new ScoreSubmitted(board.id, List.of(
                            new ScoreSubmitted.Score(Periods.ALL_TIME, "theirs", "theirs", 5, 5, true, 2, 2,
                                    revision + 1))))
                    .withReplica("another-replica"));

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> players(ranks, board).contains("theirs"));
            assertEquals(List.of("ann", "theirs"), players(ranks, board), "its own batch skipped");
        }
    }
}
