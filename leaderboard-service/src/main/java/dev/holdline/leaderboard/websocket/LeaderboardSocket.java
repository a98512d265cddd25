package dev.holdline.leaderboard.websocket;

import dev.holdline.leaderboard.service.BoardService;
import dev.holdline.leaderboard.service.SnapshotService;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/leaderboards/{board}?ticket=...}: on open the board's latest snapshot
 * ({@code current_leaderboard}), then every newer one ({@code update_leaderboard}), each the full top with its
 * version. The upgrade is decided by {@link TicketUpgradeCheck}; sending is {@link SocketPusher}'s; each socket
 * counts against its user's (or the anonymous viewers') {@link SocketAllowance} while it is open.
 */
@WebSocket(path = "/ws/leaderboards/{board}", endpointId = LeaderboardSocket.ENDPOINT)
public class LeaderboardSocket {

    static final String ENDPOINT = "leaderboard";

    /** Set on a socket counted in the allowance (so that only those are released on close). */
    private static final UserData.TypedKey<Boolean> COUNTED = UserData.TypedKey.forBoolean("counted");

    private final BoardService boards;
    private final SnapshotService snapshots;
    private final SocketPusher pusher;
    private final SocketAllowance allowance;

    public LeaderboardSocket(BoardService boards, SnapshotService snapshots, SocketPusher pusher,
            SocketAllowance allowance) {
        this.boards = boards;
        this.snapshots = snapshots;
        this.pusher = pusher;
        this.allowance = allowance;
    }

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        String user = connection.userData().get(TicketUpgradeCheck.USER);
        if (!allowance.take(user)) {
            // an upgrade that raced past TicketUpgradeCheck's 429: closed at once, 1008 (policy)
            connection.close(new CloseReason(1008, "too many sockets open")).subscribe().with(ok -> {
            }, failure -> {
            });
            return;
        }
        connection.userData().put(COUNTED, true);
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
        if (Boolean.TRUE.equals(connection.userData().remove(COUNTED))) {
            allowance.release(connection.userData().get(TicketUpgradeCheck.USER));
        }
    }
}
