package dev.holdline.leaderboard.service;

import dev.holdline.events.Channels;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ResetPeriod;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.repository.BoardRepository;
import dev.holdline.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Boards: {@code global} exists from the start; admins create and delete others. */
@ApplicationScoped
public class BoardService {

    public static final String GLOBAL = "global";

    private final BoardRepository boards;
    private final BoardRanks ranks;

    public BoardService(BoardRepository boards, BoardRanks ranks) {
        this.boards = boards;
        this.ranks = ranks;
    }

    /** The board, or a 404. */
    @Transactional
    public Board get(String id) {
        if (id == null || !Channels.isValidName(id)) {
            throw ApiException.notFound("board " + id);
        }
        Board board = boards.findById(id);
        if (board == null) {
            throw ApiException.notFound("board " + id);
        }
        return board;
    }

    @Transactional
    public List<Board> list() {
        return boards.listByName();
    }

    @Transactional
    public Board create(String id, SortOrder order, ScoreOperator operator, ResetPeriod reset, boolean anonymousView) {
        if (id == null || !Channels.isValidName(id)) {
            throw ApiException.badRequest("id", "1 to 64 of A-Z a-z 0-9 . _ - is expected");
        }
        if (boards.findById(id) != null) {
            throw ApiException.conflict("board " + id + " exists");
        }
        Board board = new Board();
        board.id = id;
        board.sortOrder = order;
        board.operator = operator;
        board.resetPeriod = reset;
        board.anonymousView = anonymousView;
        board.createdAt = Instant.now();
        boards.persist(board);
        return board;
    }

    /** Deletes the board and its scores; {@code global} stays. */
    @Transactional
    public void delete(String id) {
        if (GLOBAL.equals(id)) {
            throw ApiException.conflict("the global board cannot be deleted");
        }
        boards.delete(get(id));
        ranks.forget(id);
    }
}
