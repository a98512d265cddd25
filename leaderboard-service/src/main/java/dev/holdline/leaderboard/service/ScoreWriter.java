package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.leaderboard.repository.ScoreRequestRepository;
import dev.holdline.platform.batch.BatchWriter;
import dev.holdline.platform.rest.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for scores (platform's {@link BatchWriter}): the scores posted while one transaction commits are
 * written together in the next (up to {@code leaderboard.write-batch} of them, {@link ScoreBatchTransaction}), and
 * each caller is answered (no thread waits meanwhile) once that transaction has committed: every acknowledged
 * score is durable, and 200 writers cost a few transactions instead of 200. Scores are written in (board, period,
 * player) order, so that two writers never wait on each other's rows in opposite orders. A batch that fails is
 * written again one score per transaction, so that one bad score fails alone. At most
 * {@code leaderboard.write-queue} scores wait; more are a 503. On shutdown the scores already queued are written.
 */
@ApplicationScoped
public class ScoreWriter {

    /**
     * One score to apply: what {@link ScoreRepository#apply} takes, and the caller's {@code Idempotency-Key} with
     * the hash of its request (both null without a key).
     */
    public record Write(Board board, String period, String player, String name, double value, String metadata,
            long micros, String idempotencyKey, String requestHash) {

        ScoreRequestRepository.Key key() {
            return idempotencyKey == null ? null : new ScoreRequestRepository.Key(board.id, player, idempotencyKey);
        }
    }

    /** What became of a score. */
    public sealed interface Outcome {

        /** Stored, ranked here, and announced as this score of its batch's {@code score.submitted}. */
        record Stored(ScoreSubmitted.Score stored) implements Outcome {
        }

        /** Not applied: its key was used before, by this request (same hash) or by another. */
        record Replayed(ScoreRequestRepository.ScoreRequest earlier) implements Outcome {
        }

        /** Not stored: the board is gone, or an increment would pass the maximum. */
        record Refused() implements Outcome {
        }
    }

    private static final Comparator<Write> ROW_ORDER = Comparator.comparing((Write w) -> w.board().id)
            .thenComparing(Write::period).thenComparing(Write::player);

    private final BatchWriter<Write, Outcome> writer;
    private final LeaderboardConfig config;

    public ScoreWriter(ScoreBatchTransaction transaction, LeaderboardConfig config, MeterRegistry meters) {
        this.config = config;
        this.writer = BatchWriter.builder("score-writer", transaction).capacity(config.writeQueue())
                .maxBatch(config.writeBatch()).threads(config.writers()).order(ROW_ORDER).metrics(meters).build();
    }

    void onStart(@Observes StartupEvent event) {
        writer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        writer.close();
    }

    /**
     * Queues the score; the answer is what became of it, once committed. Failures of the database come as they
     * came; a full queue or a score not stored within {@code leaderboard.write-timeout} is a 503.
     */
    public CompletableFuture<Outcome> submit(Write write) {
        return writer.submit(write).orTimeout(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof BatchWriter.Refused
                                ? ApiException.unavailable("scores are arriving faster than they can be stored", 1)
                                : failure instanceof TimeoutException
                                        ? ApiException.unavailable("the score was not stored in time; it may still"
                                                + " be (a retry with the same Idempotency-Key counts it once)", 1)
                                        : failure));
    }
}
