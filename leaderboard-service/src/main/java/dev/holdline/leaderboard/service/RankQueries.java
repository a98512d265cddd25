package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.RankedEntry;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading ranks: the top of a board period, a player and their neighbours, a player's rank. The current period
 * is read from this replica's {@link BoardRanks}; past periods from PostgreSQL.
 */
@ApplicationScoped
public class RankQueries {

    private final ScoreRepository scores;
    private final BoardRanks ranks;
    private final Clock clock;

    public RankQueries(ScoreRepository scores, BoardRanks ranks, Clock clock) {
        this.scores = scores;
        this.ranks = ranks;
        this.clock = clock;
    }

    /** Up to {@code limit} entries after rank {@code after}, in rank order. */
    public List<RankedEntry> top(Board board, String period, int after, int limit) {
        if (isCurrent(board, period)) {
            return ranks.read(board, period, index -> ranked(index.range(after + 1, limit), after + 1));
        }
        return QuarkusTransaction.joiningExisting().call(() -> ranked(scores.page(board, period, after, limit),
                after + 1));
    }

    /** The player's entry and up to {@code around} entries above and below it; a 404 without an entry. */
    public List<RankedEntry> around(Board board, String period, String player, int around) {
        if (isCurrent(board, period)) {
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

    /**
     * The entry's rank now: from this replica's ranks, else from PostgreSQL (another replica stored it a moment
     * ago, and this one has not read its event yet); 0 if the entry has been removed since.
     */
    public int rankNow(Board board, String period, String player) {
        if (isCurrent(board, period)) {
            int rank = ranks.read(board, period, index -> index.rankOf(player));
            if (rank > 0) {
                return rank;
            }
        }
        return QuarkusTransaction.joiningExisting().call(() -> scores.find(board.id, period, player)
                .map(entry -> scores.countBefore(board, period, entry) + 1).orElse(0));
    }

    private boolean isCurrent(Board board, String period) {
        return period.equals(Periods.current(board, clock.instant()));
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
