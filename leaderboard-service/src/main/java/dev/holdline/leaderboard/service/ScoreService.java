package dev.holdline.leaderboard.service;

import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.LeaderboardReset;
import dev.holdline.events.leaderboard.PlayerRenamed;
import dev.holdline.events.leaderboard.RankedEntry;
import dev.holdline.events.leaderboard.ScoreRemoved;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.leaderboard.repository.ScoreRequestRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.Digests;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

/**
 * Posting and reading scores. A posted score is stored and announced ({@code score.submitted}) in one
 * transaction, shared with the scores posted at the same moment ({@link ScoreWriter}); once committed it is
 * ranked here at once and on other replicas as they read the event.
 * Reads of the current period come from {@link BoardRanks}; past periods from PostgreSQL.
 */
@ApplicationScoped
public class ScoreService {

    /** A stored entry and its rank; {@code replayed}: answered from an earlier call with the same key. */
    public record Ranked(String board, String period, RankedEntry entry, boolean improved, boolean replayed) {
    }

    private final ScoreRepository scores;
    private final ScoreWriter writer;
    private final BoardService boards;
    private final BoardRanks ranks;
    private final SnapshotService snapshots;
    private final OutboxService outbox;
    private final EventFactory events;
    private final LeaderboardConfig config;
    private final Clock clock;

    public ScoreService(ScoreRepository scores, ScoreWriter writer, BoardService boards, BoardRanks ranks,
            SnapshotService snapshots, OutboxService outbox, EventFactory events, LeaderboardConfig config, Clock clock) {
        this.scores = scores;
        this.writer = writer;
        this.boards = boards;
        this.ranks = ranks;
        this.snapshots = snapshots;
        this.outbox = outbox;
        this.events = events;
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
                            return ranked(b, period, stored.submitted());
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
        return new Ranked(board.id, earlier.period(), new RankedEntry(rankNow(board, earlier.period(), player),
                player, earlier.name(), earlier.score()), earlier.improved(), true);
    }

    /**
     * The entry's rank now: from this replica's ranks, else from PostgreSQL (another replica stored it a moment
     * ago, and this one has not read its event yet); 0 if the entry has been removed since.
     */
    private int rankNow(Board board, String period, String player) {
        if (period.equals(Periods.current(board, clock.instant()))) {
            int rank = ranks.read(board, period, index -> index.rankOf(player));
            if (rank > 0) {
                return rank;
            }
        }
        return QuarkusTransaction.joiningExisting().call(() -> scores.find(board.id, period, player)
                .map(entry -> scores.countBefore(board, period, entry) + 1).orElse(0));
    }

    /** Ranks a stored score here at once. */
    private Ranked ranked(Board board, String period, ScoreSubmitted submitted) {
        RankIndex.Entry entry = entryOf(submitted);
        int rank = ranks.read(board, period, index -> {
            index.put(entry);
            return index.rankOf(submitted.player());
        });
        snapshots.changed(board);
        return new Ranked(board.id, period, new RankedEntry(rank, submitted.player(), entry.name(), entry.score()),
                submitted.improved(), false);
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
        removed(new ScoreRemoved(board.id, period, player, revision));
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

    /** Another replica's (or this one's) accepted score, as read from {@code score.submitted}. */
    public void taken(ScoreSubmitted submitted) {
        if (ranks.apply(submitted.board(), submitted.period(), entryOf(submitted))) {
            snapshots.changed(submitted.board());
        }
    }

    /** Up to {@code limit} entries after rank {@code after}, in rank order. */
    public List<RankedEntry> top(Board board, String period, int after, int limit) {
        if (period.equals(Periods.current(board, clock.instant()))) {
            return ranks.read(board, period, index -> ranked(index.range(after + 1, limit), after + 1));
        }
        return QuarkusTransaction.joiningExisting().call(() -> ranked(scores.page(board, period, after, limit),
                after + 1));
    }

    /** The player's entry and up to {@code around} entries above and below it; a 404 without an entry. */
    public List<RankedEntry> around(Board board, String period, String player, int around) {
        if (period.equals(Periods.current(board, clock.instant()))) {
            List<RankedEntry> found = ranks.read(board, period, index -> {
                int rank = index.rankOf(player);
                if (rank == 0) {
                    return null;
                }
                int from = Math.max(1, rank - around);
                return ranked(index.range(from, rank - from + 1 + around), from);
            });
            if (found == null) {
                throw ApiException.notFound("a score of " + player + " on " + board.id);
            }
            return found;
        }
        return QuarkusTransaction.joiningExisting().call(() -> {
            RankIndex.Entry entry = scores.find(board.id, period, player)
                    .orElseThrow(() -> ApiException.notFound("a score of " + player + " on " + board.id));
            int rank = scores.countBefore(board, period, entry) + 1;
            int from = Math.max(1, rank - around);
            return ranked(scores.page(board, period, from - 1, rank - from + 1 + around), from);
        });
    }

    /** Empties the board's current period and seeds Player 1..10 with 100 down to 10 (seed 001's demo). */
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

    /** Why the upsert stored nothing: the board is gone (deleted on another replica), or the total is too large. */
    private ApiException refused(Board board) {
        if (boards.reload(board.id).isEmpty()) {
            boards.forget(board.id);
            return ApiException.notFound("board " + board.id);
        }
        return ApiException.badRequest("score", "the total would pass " + config.maxScore());
    }

    private static RankIndex.Entry entryOf(ScoreSubmitted s) {
        return new RankIndex.Entry(s.player(), s.name(), s.score(), s.reachedAt(), s.seq(), s.revision());
    }

    private static List<RankedEntry> ranked(List<RankIndex.Entry> entries, int firstRank) {
        List<RankedEntry> out = new ArrayList<>(entries.size());
        int rank = firstRank;
        for (RankIndex.Entry e : entries) {
            out.add(new RankedEntry(rank++, e.player(), e.name(), e.score()));
        }
        return out;
    }
}
