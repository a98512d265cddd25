package dev.holdline.leaderboard.service;

import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.LeaderboardReset;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ResetPeriod;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.repository.BoardRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Instant;
import java.util.List;

/**
 * Boards: {@code global} exists from the start; admins create and delete others. Boards are read on every
 * score and socket, so found ones are kept for {@link #FRESH_FOR}; a board another replica created or deleted
 * is seen within that time (a score for a board deleted meanwhile finds no board in the upsert's own check).
 * The cache holds only boards that exist, so it is as large as the list of boards.
 */
@ApplicationScoped
public class BoardService {

    public static final String GLOBAL = "global";
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private record Cached(Board board, long loadedNanos) {
    }

    private final BoardRepository boards;
    private final BoardRanks ranks;
    private final OutboxService outbox;
    private final EventFactory events;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public BoardService(BoardRepository boards, BoardRanks ranks, OutboxService outbox, EventFactory events) {
        this.boards = boards;
        this.ranks = ranks;
        this.outbox = outbox;
        this.events = events;
    }

    /** The board, or a 404. */
    public Board get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("board " + id));
    }

    public Optional<Board> find(String id) {
        if (id == null || !Channels.isValidName(id)) {
            return Optional.empty();
        }
        Optional<Board> known = known(id);
        if (known.isPresent()) {
            return known;
        }
        Board board = QuarkusTransaction.joiningExisting().call(() -> boards.findById(id));
        if (board == null) {
            cache.remove(id);
            return Optional.empty();
        }
        cache.put(id, new Cached(board, System.nanoTime()));
        return Optional.of(board);
    }

    /** The board if it was found here within {@link #FRESH_FOR}: no I/O, so an event loop may ask. */
    public Optional<Board> known(String id) {
        Cached cached = id == null ? null : cache.get(id);
        if (cached != null && System.nanoTime() - cached.loadedNanos() < FRESH_FOR.toNanos()) {
            return Optional.of(cached.board());
        }
        return Optional.empty();
    }

    /** Forgets what is known of the board here: after it was deleted or seeded, here or on another replica. */
    public void forget(String id) {
        cache.remove(id);
        ranks.forget(id);
    }

    /** Looks the board up again in PostgreSQL (not from the cache). */
    public Optional<Board> reload(String id) {
        cache.remove(id);
        return find(id);
    }

    @Transactional
    public List<Board> list() {
        return boards.listByName();
    }

    public Board create(String id, SortOrder order, ScoreOperator operator, ResetPeriod reset, boolean anonymousView) {
        if (id == null || !Channels.isValidName(id)) {
            throw ApiException.badRequest("id", "1 to 64 of A-Z a-z 0-9 . _ - is expected");
        }
        Board board = new Board();
        board.id = id;
        board.sortOrder = order;
        board.operator = operator;
        board.resetPeriod = reset;
        board.anonymousView = anonymousView;
        board.createdAt = Instant.now();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (boards.findById(id) != null) {
                    throw ApiException.conflict("board " + id + " exists");
                }
                boards.deleteScores(id); // a score that raced a delete of an earlier board of this name
                boards.persist(board);
            });
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            if (reload(id).isPresent()) {
                throw ApiException.conflict("board " + id + " exists"); // created at the same moment elsewhere
            }
            throw e;
        }
        forget(id);
        return board;
    }

    /** Deletes the board and its scores, and tells the other replicas; {@code global} stays. */
    public void delete(String id) {
        if (GLOBAL.equals(id)) {
            throw ApiException.conflict("the global board cannot be deleted");
        }
        get(id);
        QuarkusTransaction.requiringNew().run(() -> {
            boards.deleteScores(id);
            boards.deleteById(id);
            outbox.enqueue(events.create(EventTypes.LEADERBOARD_RESET, "leaderboards/" + id, List.of(),
                    new LeaderboardReset(id, true)));
        });
        forget(id);
    }
}
