package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.repository.ScoreRequestRepository.Key;
import dev.holdline.leaderboard.repository.ScoreRequestRepository.ScoreRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a batch of scores (in row order) is written: one upsert statement per board period and round, a player's
 * second score of the batch in the next round, after its first; a score whose {@code Idempotency-Key} was used
 * before is not applied ({@link #replayed}), nor is a retry in the same batch as its first call ({@link #repeats}:
 * answered by that call). Scores are named by their index in the batch.
 */
public final class ScoreBatchPlan {

    /** The rows one statement upserts: a board period under one operator (a board recreated meanwhile has its own). */
    public record PeriodKey(String board, ScoreOperator operator, SortOrder sortOrder, String period) {

        static PeriodKey of(ScoreWriter.Write write) {
            Board board = write.board();
            return new PeriodKey(board.id, board.operator, board.sortOrder, write.period());
        }
    }

    /** One player's entry in a board period. */
    private record EntryKey(PeriodKey period, String player) {
    }

    /** One statement: the scores of a board period, at most one per player, in batch order. */
    public record Statement(PeriodKey period, int round, List<Integer> writes) {
    }

    /** A retry in the same batch as its first call ({@code first}, applied): answered by it. */
    public record Repeat(int write, int first) {
    }

    private final List<Statement> statements;
    private final Map<Integer, ScoreRequest> replayed;
    private final List<Repeat> repeats;

    private ScoreBatchPlan(List<Statement> statements, Map<Integer, ScoreRequest> replayed, List<Repeat> repeats) {
        this.statements = statements;
        this.replayed = replayed;
        this.repeats = repeats;
    }

    /** The plan of {@code writes}, given the requests already stored under their keys ({@code earlier}). */
    public static ScoreBatchPlan of(List<ScoreWriter.Write> writes, Map<Key, ScoreRequest> earlier) {
        Map<PeriodKey, List<List<Integer>>> rounds = new LinkedHashMap<>(); // in order of first appearance
        Map<EntryKey, Integer> seen = new HashMap<>(); // scores of the entry so far
        Map<Key, Integer> firstWithKey = new HashMap<>();
        Map<Integer, ScoreRequest> replayed = new LinkedHashMap<>();
        List<Repeat> repeats = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            ScoreWriter.Write w = writes.get(i);
            Key key = w.key();
            ScoreRequest before = key == null ? null : earlier.get(key);
            if (before != null) {
                replayed.put(i, before);
                continue;
            }
            Integer first = key == null ? null : firstWithKey.putIfAbsent(key, i);
            if (first != null) {
                repeats.add(new Repeat(i, first));
                continue;
            }
            PeriodKey period = PeriodKey.of(w);
            int round = seen.merge(new EntryKey(period, w.player()), 1, Integer::sum) - 1;
            List<List<Integer>> ofPeriod = rounds.computeIfAbsent(period, k -> new ArrayList<>());
            if (ofPeriod.size() == round) {
                ofPeriod.add(new ArrayList<>());
            }
            ofPeriod.get(round).add(i);
        }
        List<Statement> statements = new ArrayList<>();
        rounds.forEach((period, ofPeriod) -> {
            for (int round = 0; round < ofPeriod.size(); round++) {
                statements.add(new Statement(period, round, List.copyOf(ofPeriod.get(round))));
            }
        });
        return new ScoreBatchPlan(List.copyOf(statements), replayed, List.copyOf(repeats));
    }

    /** The statements, in the order they run: by board period as first met, then by round. */
    public List<Statement> statements() {
        return statements;
    }

    /** The scores whose key was used by an earlier batch, with what that first call left. */
    public Map<Integer, ScoreRequest> replayed() {
        return replayed;
    }

    /** The retries of a call in this batch. */
    public List<Repeat> repeats() {
        return repeats;
    }
}
