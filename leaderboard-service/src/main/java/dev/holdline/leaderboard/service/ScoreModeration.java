package dev.holdline.leaderboard.service;

import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.ScoreRemoved;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Removing a player's score (admins). */
@ApplicationScoped
public class ScoreModeration {

    private final ScoreRepository scores;
    private final ReplicaUpdates replicas;
    private final OutboxService outbox;
    private final EventFactory events;

    public ScoreModeration(ScoreRepository scores, ReplicaUpdates replicas, OutboxService outbox,
            EventFactory events) {
        this.scores = scores;
        this.replicas = replicas;
        this.outbox = outbox;
        this.events = events;
    }

    /**
     * Deletes the player's entry of the board period (a 404 without one) and announces it
     * ({@code score.removed}) in the same transaction; this replica's ranks drop it at once, the others' as they
     * read the event.
     */
    public void remove(Board board, String period, String player) {
        long revision = QuarkusTransaction.requiringNew().call(() -> {
            long removed = scores.delete(board.id, period, player)
                    .orElseThrow(() -> ApiException.notFound("a score of " + player + " on " + board.id));
            outbox.enqueue(events.create(EventTypes.SCORE_REMOVED, "leaderboards/" + board.id, List.of(),
                    new ScoreRemoved(board.id, period, player, removed)));
            return removed;
        });
        replicas.removed(new ScoreRemoved(board.id, period, player, revision));
    }
}
