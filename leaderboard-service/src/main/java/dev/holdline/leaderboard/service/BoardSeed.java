package dev.holdline.leaderboard.service;

import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.LeaderboardReset;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** The demo seed of a board (admins): its current period emptied and Player 1..10 given 100 down to 10. */
@ApplicationScoped
public class BoardSeed {

    private final ScoreRepository scores;
    private final BoardService boards;
    private final SnapshotService snapshots;
    private final OutboxService outbox;
    private final EventFactory events;
    private final LeaderboardConfig config;
    private final Clock clock;

    public BoardSeed(ScoreRepository scores, BoardService boards, SnapshotService snapshots, OutboxService outbox,
            EventFactory events, LeaderboardConfig config, Clock clock) {
        this.scores = scores;
        this.boards = boards;
        this.snapshots = snapshots;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Empties the board's current period and seeds Player 1..10 with 100 down to 10 (seed 001's demo), announced
     * as {@code leaderboard.reset} in the same transaction: every replica reads the board's ranks again.
     */
    public void seed(Board board) {
        Instant now = clock.instant();
        String period = Periods.current(board, now);
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        QuarkusTransaction.requiringNew().run(() -> {
            scores.deletePeriod(board.id, period);
            scores.apply(board, period, IntStream.rangeClosed(1, 10).mapToObj(i -> new ScoreRepository.Change(
                    "player-" + i, "Player " + i, 110 - i * 10, null, micros + i)).toList(), config.maxScore());
            outbox.enqueue(events.create(EventTypes.LEADERBOARD_RESET, "leaderboards/" + board.id, List.of(),
                    new LeaderboardReset(board.id, false)));
        });
        boards.forget(board.id);
        snapshots.changed(board);
    }
}
