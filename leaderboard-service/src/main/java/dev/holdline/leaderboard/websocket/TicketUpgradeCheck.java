package dev.holdline.leaderboard.websocket;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.service.BoardService;
import dev.holdline.leaderboard.service.TicketService;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a leaderboard WebSocket's upgrade before it happens, with a plain HTTP status: 403 for an Origin
 * not allowed, 404 for an unknown board, 401 for a missing, reused, forged or expired ticket (a board open
 * to anonymous viewers needs none), 429 with {@code Retry-After} when the ticket's user (or, without a ticket, the
 * anonymous viewers together) holds as many sockets as {@link SocketAllowance} allows, 503 when this replica holds
 * as many sockets as it may. A refused upgrade has no body (the WebSocket API shows a client only the status).
 */
@ApplicationScoped
public class TicketUpgradeCheck implements HttpUpgradeCheck {

    /** The ticket's user, for the connection ({@code null} for an anonymous viewer). */
    static final UserData.TypedKey<String> USER = UserData.TypedKey.forString("user");

    private final TicketService tickets;
    private final BoardService boards;
    private final SocketPusher sockets;
    private final SocketAllowance allowance;
    private final LeaderboardConfig config;

    public TicketUpgradeCheck(TicketService tickets, BoardService boards, SocketPusher sockets,
            SocketAllowance allowance, LeaderboardConfig config) {
        this.tickets = tickets;
        this.boards = boards;
        this.sockets = sockets;
        this.allowance = allowance;
        this.config = config;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return LeaderboardSocket.ENDPOINT.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        if (!originAllowed(request.getHeader("Origin"), request.getHeader("Host"))) {
            return CheckResult.rejectUpgrade(403);
        }
        if (sockets.open() >= config.maxSockets()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("5")));
        }
        String board = context.pathParam("board");
        String ticket = request.getParam("ticket");
        return Uni.createFrom().item(() -> decide(board, ticket, context.userData()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private CheckResult decide(String boardId, String ticket, UserData data) {
        Board board;
        try {
            board = boards.get(boardId);
        } catch (ApiException e) {
            return CheckResult.rejectUpgradeSync(404);
        }
        if (ticket == null || ticket.isEmpty()) {
            if (!board.anonymousView) {
                return CheckResult.rejectUpgradeSync(401, Map.of("WWW-Authenticate",
                        List.of("Ticket realm=\"POST /api/ws-tickets\"")));
            }
            return allowance.full(null) ? tooMany() : CheckResult.permitUpgradeSync();
        }
        Optional<String> user = tickets.redeem(ticket);
        if (user.isEmpty()) {
            return CheckResult.rejectUpgradeSync(401);
        }
        if (allowance.full(user.get())) {
            return tooMany();
        }
        data.put(USER, user.get());
        return CheckResult.permitUpgradeSync();
    }

    private static CheckResult tooMany() {
        return CheckResult.rejectUpgradeSync(429,
                Map.of("Retry-After", List.of(Long.toString(SocketAllowance.RETRY_AFTER_SECONDS))));
    }

    /** A browser always sends Origin; it must be listed, or (no list) name the host the page was served from. */
    private boolean originAllowed(String origin, String host) {
        if (origin == null) {
            return true; // not a browser: nothing to forge on a user's behalf
        }
        Optional<List<String>> allowed = config.allowedOrigins();
        if (allowed.isPresent() && !allowed.get().isEmpty()) {
            return allowed.get().contains(origin);
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
