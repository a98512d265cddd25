package dev.holdline.leaderboard.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.events.leaderboard.LeaderboardSnapshot;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.service.SnapshotService;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Sends snapshots to this replica's sockets, latest first: a socket has at most one send under way and
 * at most one snapshot waiting (a newer one replaces it), so a slow reader gets the latest when it can take
 * it and memory never grows with its backlog. A socket whose send has not finished within
 * {@code leaderboard.socket-stall-timeout} is closed.
 */
@ApplicationScoped
public class SocketPusher {

    private static final Logger LOG = Logger.getLogger(SocketPusher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A snapshot rendered once for every socket: as a first message and as an update. */
    private record Rendered(long version, String board, String current, String update) {
    }

    private static final class Socket {
        final WebSocketConnection connection;
        final String board;
        /** The event loop the socket's connection lives on (null if unknown): its sends are made there. */
        final EventLoop loop;
        long sentVersion = -1;
        boolean greeted;
        Rendered waiting;
        long sendingSinceNanos; // 0: no send under way

        Socket(WebSocketConnection connection, String board, EventLoop loop) {
            this.connection = connection;
            this.board = board;
            this.loop = loop;
        }
    }

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<Socket>> byBoard = new ConcurrentHashMap<>();
    private final LeaderboardConfig config;
    private final Counter sent;

    public SocketPusher(LeaderboardConfig config, MeterRegistry metrics) {
        this.config = config;
        this.sent = metrics.counter("holdline.leaderboard.pushes");
        metrics.gauge("holdline.leaderboard.sockets", sockets, Map::size);
    }

    public int open() {
        return sockets.size();
    }

    /** Called on open, on the connection's Vert.x context (whose event loop the socket's writes belong to). */
    void add(WebSocketConnection connection, String board) {
        Context context = Vertx.currentContext();
        Socket socket = new Socket(connection, board,
                context instanceof ContextInternal internal ? internal.nettyEventLoop() : null);
        sockets.put(connection.id(), socket);
        byBoard.computeIfAbsent(board, b -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void remove(WebSocketConnection connection) {
        Socket socket = sockets.remove(connection.id());
        if (socket != null) {
            Set<Socket> of = byBoard.get(socket.board);
            if (of != null) {
                of.remove(socket);
            }
        }
    }

    /** Sends {@code snapshot} to one socket (its first message, on open). */
    void offer(WebSocketConnection connection, LeaderboardSnapshot snapshot) {
        Socket socket = sockets.get(connection.id());
        if (socket != null) {
            offer(socket, render(snapshot));
        }
    }

    void onChanged(@Observes SnapshotService.Changed changed) {
        Set<Socket> of = byBoard.get(changed.snapshot().board());
        if (of == null || of.isEmpty()) {
            return;
        }
        Rendered rendered = render(changed.snapshot());
        // one task per event loop, which then writes to each of its sockets at once: no hand-over per socket
        Map<EventLoop, List<Socket>> byLoop = new HashMap<>();
        for (Socket socket : of) {
            byLoop.computeIfAbsent(socket.loop, loop -> new ArrayList<>()).add(socket);
        }
        byLoop.forEach((loop, sockets) -> {
            Runnable send = () -> sockets.forEach(socket -> offer(socket, rendered));
            if (loop == null) {
                send.run();
            } else {
                loop.execute(send);
            }
        });
    }

    private void offer(Socket socket, Rendered rendered) {
        synchronized (socket) {
            if (socket.greeted && rendered.version() <= socket.sentVersion) {
                return;
            }
            if (socket.sendingSinceNanos != 0) {
                if (socket.waiting == null || rendered.version() > socket.waiting.version()) {
                    socket.waiting = rendered;
                }
                return;
            }
            send(socket, rendered);
        }
    }

    /** Called holding the socket's monitor. */
    private void send(Socket socket, Rendered rendered) {
        String text = socket.greeted ? rendered.update() : rendered.current();
        socket.greeted = true;
        socket.sentVersion = rendered.version();
        socket.sendingSinceNanos = System.nanoTime();
        socket.connection.sendText(text).subscribe().with(ok -> sent(socket), failure -> {
            LOG.debugf("socket %s: send failed (%s)", socket.connection.id(), failure);
            close(socket, new CloseReason(1011, "send failed"));
        });
    }

    private void sent(Socket socket) {
        sent.increment();
        synchronized (socket) {
            socket.sendingSinceNanos = 0;
            Rendered next = socket.waiting;
            socket.waiting = null;
            if (next != null && next.version() > socket.sentVersion) {
                send(socket, next);
            }
        }
    }

    /** Closes sockets that have not taken a snapshot for the stall timeout. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeStalled() {
        long limit = config.socketStallTimeout().toNanos();
        long now = System.nanoTime();
        for (Socket socket : sockets.values()) {
            boolean stalled;
            synchronized (socket) {
                stalled = socket.sendingSinceNanos != 0 && now - socket.sendingSinceNanos > limit;
            }
            if (stalled) {
                LOG.infof("socket %s on board %s took no snapshot for %s; closing it", socket.connection.id(),
                        socket.board, config.socketStallTimeout());
                close(socket, new CloseReason(1008, "too slow"));
            }
        }
    }

    /** Forgets the socket and closes it, so that its client notices and reconnects (or falls back). */
    private void close(Socket socket, CloseReason reason) {
        remove(socket.connection);
        socket.connection.close(reason).subscribe().with(ok -> {
        }, failure -> {
        });
    }

    private static Rendered render(LeaderboardSnapshot snapshot) {
        return new Rendered(snapshot.version(), snapshot.board(), message("current_leaderboard", snapshot),
                message("update_leaderboard", snapshot));
    }

    private static String message(String type, LeaderboardSnapshot snapshot) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("board", snapshot.board());
        body.put("period", snapshot.period());
        body.put("version", snapshot.version());
        body.put("entries", snapshot.entries());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
