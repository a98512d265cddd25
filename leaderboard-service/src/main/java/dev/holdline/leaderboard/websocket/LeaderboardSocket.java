package dev.holdline.leaderboard.websocket;

import dev.holdline.leaderboard.service.BoardService;
import dev.holdline.leaderboard.service.SnapshotService;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/leaderboards/{board}?ticket=...}: on open the board's latest snapshot
 * ({@code current_leaderboard}), then every newer one ({@code update_leaderboard}), each the full top with its
 * version. The upgrade is decided by {@link TicketUpgradeCheck}; sending is {@link SocketPusher}'s.
 */
@WebSocket(path = "/ws/leaderboards/{board}", endpointId = LeaderboardSocket.ENDPOINT)
public class LeaderboardSocket {

    static final String ENDPOINT = "leaderboard";

    private final BoardService boards;
    private final SnapshotService snapshots;
    private final SocketPusher pusher;

    public LeaderboardSocket(BoardService boards, SnapshotService snapshots, SocketPusher pusher) {
        this.boards = boards;
        this.snapshots = snapshots;
        this.pusher = pusher;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        String board = connection.pathParam("board");
        pusher.add(connection, board);
        pusher.offer(connection, snapshots.current(boards.get(board)));
    }

    /** Clients have nothing to say; a ping keeps proxies from closing an idle socket. */
    @OnTextMessage
    public void onMessage(String ignored) {
        // nothing: the socket only pushes
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        pusher.remove(connection);
    }
}
