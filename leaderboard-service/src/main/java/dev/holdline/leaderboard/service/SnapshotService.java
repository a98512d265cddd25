package dev.holdline.leaderboard.service;

import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.LeaderboardSnapshot;
import dev.holdline.events.leaderboard.RankedEntry;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.BoardRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The visible top of each board, and when it changes. A change of ranks marks the board; the board's top
 * is then looked at once per {@code leaderboard.push-interval} at most (at once if the last look was longer
 * ago), and only a top that differs from the latest known one becomes a new snapshot: a version from a
 * PostgreSQL sequence (one order across replicas) and {@code leaderboard.updated} through the outbox, in one
 * transaction. Every replica takes the newest version it hears of and fires {@link Changed} for its sockets.
 */
@ApplicationScoped
public class SnapshotService {

    /** A new latest snapshot of a board, for this replica's sockets. */
    public record Changed(LeaderboardSnapshot snapshot) {
    }

    private static final Logger LOG = Logger.getLogger(SnapshotService.class);

    private static final class State {
        volatile LeaderboardSnapshot latest;
        long lastLookNanos;
        boolean scheduled;
    }

    private final BoardService boards;
    private final BoardRepository boardRepository;
    private final BoardRanks ranks;
    private final OutboxService outbox;
    private final EventFactory events;
    private final LeaderboardConfig config;
    private final Clock clock;
    private final Event<Changed> changed;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "leaderboard-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    public SnapshotService(BoardService boards, BoardRepository boardRepository, BoardRanks ranks,
            OutboxService outbox, EventFactory events, LeaderboardConfig config, Clock clock, Event<Changed> changed) {
        this.boards = boards;
        this.boardRepository = boardRepository;
        this.ranks = ranks;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.changed = changed;
    }

    /** The board's ranks may have changed: look at its top soon. */
    public void changed(Board board) {
        changed(board.id);
    }

    public void changed(String board) {
        State state = states.computeIfAbsent(board, b -> new State());
        synchronized (state) {
            if (state.scheduled) {
                return;
            }
            state.scheduled = true;
            long wait = state.lastLookNanos + config.pushInterval().toNanos() - System.nanoTime();
            looker.schedule(() -> look(board, state), Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    /** A snapshot read from {@code leaderboard.updated}: taken if newer than the latest known. */
    public void received(LeaderboardSnapshot snapshot) {
        State state = states.computeIfAbsent(snapshot.board(), b -> new State());
        if (offer(state, snapshot)) {
            changed.fire(new Changed(snapshot));
        }
    }

    /** The latest snapshot of the board's current period, made now if none is known yet. */
    public LeaderboardSnapshot current(Board board) {
        String period = Periods.current(board, clock.instant());
        State state = states.computeIfAbsent(board.id, b -> new State());
        LeaderboardSnapshot latest = state.latest;
        if (latest != null && latest.period().equals(period)) {
            return latest;
        }
        LeaderboardSnapshot made = new LeaderboardSnapshot(board.id, period,
                QuarkusTransaction.requiringNew().call(boardRepository::nextVersion), top(board, period));
        offer(state, made);
        return state.latest;
    }

    /**
     * A daily or weekly board starts a new period at midnight UTC without any score: the boards whose latest
     * snapshot is of a past period are looked at again, so that open sockets get the new (empty) top.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void lookAtNewPeriods() {
        for (Map.Entry<String, State> entry : states.entrySet()) {
            LeaderboardSnapshot latest = entry.getValue().latest;
            if (latest != null && !Periods.ALL_TIME.equals(latest.period())) {
                boards.find(entry.getKey()).filter(board -> !Periods.current(board, clock.instant())
                        .equals(latest.period())).ifPresent(this::changed);
            }
        }
    }

    private void look(String boardId, State state) {
        synchronized (state) {
            state.scheduled = false;
            state.lastLookNanos = System.nanoTime();
        }
        try {
            Board board = boards.find(boardId).orElse(null);
            if (board == null) {
                return;
            }
            String period = Periods.current(board, clock.instant());
            List<RankedEntry> top = top(board, period);
            LeaderboardSnapshot latest = state.latest;
            if (latest != null && latest.period().equals(period) && latest.entries().equals(top)) {
                return;
            }
            LeaderboardSnapshot published = QuarkusTransaction.requiringNew().call(() -> {
                LeaderboardSnapshot snapshot = new LeaderboardSnapshot(board.id, period,
                        boardRepository.nextVersion(), top);
                outbox.enqueue(events.create(EventTypes.LEADERBOARD_UPDATED, "leaderboards/" + board.id,
                        List.of(Channels.leaderboard(board.id)), snapshot));
                return snapshot;
            });
            if (published != null && offer(state, published)) {
                changed.fire(new Changed(published));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "board %s: the new top could not be published; trying again", boardId);
            changed(boardId);
        }
    }

    private List<RankedEntry> top(Board board, String period) {
        return ranks.read(board, period, index -> {
            List<RankedEntry> top = new ArrayList<>(config.topSize());
            int rank = 1;
            for (RankIndex.Entry e : index.range(1, config.topSize())) {
                top.add(new RankedEntry(rank++, e.player(), e.name(), e.score()));
            }
            return top;
        });
    }

    /** Makes {@code snapshot} the latest if it is newer; returns whether it did. */
    private static boolean offer(State state, LeaderboardSnapshot snapshot) {
        synchronized (state) {
            LeaderboardSnapshot latest = state.latest;
            boolean newer = latest == null || snapshot.version() > latest.version()
                    || (snapshot.version() == latest.version() && !snapshot.period().equals(latest.period()));
            if (newer) {
                state.latest = snapshot;
            }
            return newer;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        looker.shutdownNow();
    }
}
