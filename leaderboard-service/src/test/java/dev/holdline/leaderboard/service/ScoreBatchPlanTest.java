package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.repository.ScoreRequestRepository.Key;
import dev.holdline.leaderboard.repository.ScoreRequestRepository.ScoreRequest;
import dev.holdline.leaderboard.service.ScoreBatchPlan.PeriodKey;
import dev.holdline.leaderboard.service.ScoreBatchPlan.Repeat;
import dev.holdline.leaderboard.service.ScoreBatchPlan.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreBatchPlanTest {

    private static Board board(String id, ScoreOperator operator) {
        Board board = new Board();
        board.id = id;
        board.operator = operator;
        board.sortOrder = SortOrder.DESC;
        return board;
    }

    private static final Board ARENA = board("arena", ScoreOperator.SET);
    private static final PeriodKey ARENA_ALL = new PeriodKey("arena", ScoreOperator.SET, SortOrder.DESC, "all");

    private static ScoreWriter.Write write(Board board, String period, String player, String key) {
        return new ScoreWriter.Write(board, period, player, null, 10, null, 1, key, key == null ? null : "hash");
    }

    @Test
    void shouldPutOneScoreOfEachPlayerOfABoardPeriodInOneStatement() {
        ScoreBatchPlan plan = ScoreBatchPlan.of(List.of(write(ARENA, "all", "ann", null),
                write(ARENA, "all", "bob", null), write(ARENA, "all", "cy", null)), Map.of());

        assertEquals(List.of(new Statement(ARENA_ALL, 0, List.of(0, 1, 2))), plan.statements());
        assertTrue(plan.replayed().isEmpty());
        assertTrue(plan.repeats().isEmpty());
    }

    @Test
    void shouldPutAPlayersSecondScoreInTheNextRoundAfterItsFirst() {
        ScoreBatchPlan plan = ScoreBatchPlan.of(List.of(write(ARENA, "all", "ann", null),
                write(ARENA, "all", "ann", null), write(ARENA, "all", "bob", null),
                write(ARENA, "all", "ann", null)), Map.of());

        assertEquals(List.of(new Statement(ARENA_ALL, 0, List.of(0, 2)), new Statement(ARENA_ALL, 1, List.of(1)),
                new Statement(ARENA_ALL, 2, List.of(3))), plan.statements());
    }

    @Test
    void shouldGiveEachBoardPeriodAndOperatorItsOwnStatementsInTheOrderFirstMet() {
        Board recreated = board("arena", ScoreOperator.INCREMENT); // deleted and created again with another one
        ScoreBatchPlan plan = ScoreBatchPlan.of(List.of(write(ARENA, "2026-12-01", "ann", null),
                write(ARENA, "all", "ann", null), write(recreated, "all", "bob", null),
                write(ARENA, "2026-12-01", "ann", null)), Map.of());

        PeriodKey week = new PeriodKey("arena", ScoreOperator.SET, SortOrder.DESC, "2026-12-01");
        PeriodKey incremented = new PeriodKey("arena", ScoreOperator.INCREMENT, SortOrder.DESC, "all");
        assertEquals(List.of(new Statement(week, 0, List.of(0)), new Statement(week, 1, List.of(3)),
                new Statement(ARENA_ALL, 0, List.of(1)), new Statement(incremented, 0, List.of(2))),
                plan.statements());
    }

    @Test
    void shouldApplyNeitherAKeyUsedBeforeNorARetryInTheSameBatch() {
        Key used = new Key("arena", "ann", "k1");
        ScoreRequest earlier = new ScoreRequest(used, "hash", "all", "Ann", 42, true);
        ScoreBatchPlan plan = ScoreBatchPlan.of(List.of(write(ARENA, "all", "ann", "k1"),
                write(ARENA, "all", "bob", "k2"), write(ARENA, "all", "bob", "k2"),
                write(ARENA, "all", "cy", "k2")), Map.of(used, earlier));

        assertEquals(Map.of(0, earlier), plan.replayed());
        assertEquals(List.of(new Repeat(2, 1)), plan.repeats());
        assertEquals(List.of(new Statement(ARENA_ALL, 0, List.of(1, 3))), plan.statements(),
                "a key is the player's own: cy's k2 is another key");
    }
}
