package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.RankedEntry;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRequestRepository;
import dev.holdline.platform.Digests;
import dev.holdline.platform.rest.ApiException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Posting a score. A posted score is stored and announced ({@code score.submitted}, one per board per batch) in one
 * transaction, shared with the scores posted at the same moment ({@link ScoreWriter}); once committed it is ranked
 * here at once and on other replicas as they read the batch's event ({@link ReplicaUpdates}).
 */
@ApplicationScoped
public class ScoreService {

    /** A stored entry and its rank; {@code replayed}: answered from an earlier call with the same key. */
    public record Ranked(String board, String period, RankedEntry entry, boolean improved, boolean replayed) {
    }

    private final ScoreWriter writer;
    private final BoardService boards;
    private final BoardRanks ranks;
    private final RankQueries queries;
    private final LeaderboardConfig config;
    private final Clock clock;

    public ScoreService(ScoreWriter writer, BoardService boards, BoardRanks ranks, RankQueries queries,
            LeaderboardConfig config, Clock clock) {
        this.writer = writer;
        this.boards = boards;
        this.ranks = ranks;
        this.queries = queries;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies the board's operator to the player's entry; answers the entry and its rank once committed. No
     * thread waits for the commit. The score is ranked on a worker thread (ranking may load the board's index
     * from PostgreSQL, a refusal looks the board up again): never on the writer, which goes straight on to the
     * next batch, nor on the caller's event loop, even when the commit came first. A board not known here yet
     * is looked up on a worker thread too. With an {@code idempotencyKey} that this player used on this board
     * before, the score is not applied again: the answer is the first call's score and improvement, with the
     * entry's rank now; the key with another request is a 422. {@code name} is the name a new entry gets when the
     * player has set none (from the caller's token; null: the player id): a player's name is theirs, never a
     * score's.
     */
    public CompletionStage<Ranked> submit(String boardId, String player, String name, double value, String metadata,
            String idempotencyKey) {
        if (!Double.isFinite(value) || Math.abs(value) > config.maxScore()) {
            throw ApiException.badRequest("score", "a finite number from -" + config.maxScore() + " to "
                    + config.maxScore() + " is expected");
        }
        IdempotencyKeys.check(idempotencyKey);
        String requestHash = idempotencyKey == null ? null
                : Digests.sha256Hex(player + '\n' + value + '\n' + metadata);
        CompletableFuture<Board> board = boards.known(boardId).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.supplyAsync(() -> boards.get(boardId),
                        Infrastructure.getDefaultWorkerPool()));
        return board.thenCompose(b -> {
            Instant now = clock.instant();
            String period = Periods.current(b, now);
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            return writer.submit(new ScoreWriter.Write(b, period, player, name, value, metadata, micros,
                    idempotencyKey, requestHash)).thenApplyAsync(outcome -> {
                        if (outcome instanceof ScoreWriter.Outcome.Stored stored) {
                            return ranked(b, period, stored.stored());
                        }
                        if (outcome instanceof ScoreWriter.Outcome.Replayed replayed) {
                            return replayed(b, replayed.earlier(), requestHash);
                        }
                        throw refused(b);
                    }, Infrastructure.getDefaultWorkerPool());
        });
    }

    /** The answer to a call whose key was used before: the first call's score, the entry's rank now. */
    private Ranked replayed(Board board, ScoreRequestRepository.ScoreRequest earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw IdempotencyKeys.reused(earlier.key().idempotencyKey());
        }
        String player = earlier.key().player();
        return new Ranked(board.id, earlier.period(), new RankedEntry(queries.rankNow(board, earlier.period(),
                player), player, earlier.name(), earlier.score()), earlier.improved(), true);
    }

    /**
     * Ranks a stored score here at once: its batch is ranked here as well once committed ({@link
     * ReplicaUpdates#committed}), maybe not yet, so the entry is put (a revision already held is left as it is).
     */
    private Ranked ranked(Board board, String period, ScoreSubmitted.Score stored) {
        RankIndex.Entry entry = RankIndex.Entry.of(stored);
        int rank = ranks.read(board, period, index -> {
            index.put(entry);
            return index.rankOf(stored.player());
        });
        return new Ranked(board.id, period, new RankedEntry(rank, stored.player(), entry.name(), entry.score()),
                stored.improved(), false);
    }

    /** Why the upsert stored nothing: the board is gone (deleted on another replica), or the total is too large. */
    private ApiException refused(Board board) {
        if (boards.reload(board.id).isEmpty()) {
            boards.forget(board.id);
            return ApiException.notFound("board " + board.id);
        }
        return ApiException.badRequest("score", "the total would pass " + config.maxScore());
    }
}
