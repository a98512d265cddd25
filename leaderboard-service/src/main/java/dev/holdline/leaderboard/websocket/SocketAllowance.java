package dev.holdline.leaderboard.websocket;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * How many WebSockets each signed-in user ({@code leaderboard.limits.sockets-per-user}) and all anonymous viewers
 * together ({@code leaderboard.limits.anonymous-sockets}) may hold open on this replica. Only users with a socket
 * open are remembered, so the map never holds more entries than there are sockets ({@code leaderboard.max-sockets}).
 * {@link #full} is the upgrade's polite check (429 before the handshake); {@link #take} the exact one on open,
 * for upgrades that raced past it.
 */
@ApplicationScoped
public class SocketAllowance {

    /** What a refused client is told to wait: a socket frees when its holder closes one. */
    static final long RETRY_AFTER_SECONDS = 30;

    private final int perUser;
    private final int anonymousMax;
    private final Map<String, Integer> open = new HashMap<>();
    private int anonymous;

    public SocketAllowance(LeaderboardConfig config) {
        this.perUser = config.limits().socketsPerUser();
        this.anonymousMax = config.limits().anonymousSockets();
    }

    /** Whether {@code user} ({@code null}: an anonymous viewer) holds as many sockets as allowed. */
    public synchronized boolean full(String user) {
        return user == null ? anonymous >= anonymousMax : open.getOrDefault(user, 0) >= perUser;
    }

    /** Counts one more socket for {@code user}, unless that would exceed the allowance (then false). */
    public synchronized boolean take(String user) {
        if (full(user)) {
            return false;
        }
        if (user == null) {
            anonymous++;
        } else {
            open.merge(user, 1, Integer::sum);
        }
        return true;
    }

    /** A socket counted by {@link #take} closed. */
    public synchronized void release(String user) {
        if (user == null) {
            anonymous = Math.max(0, anonymous - 1);
        } else {
            open.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Sockets open for {@code user} ({@code null}: anonymous viewers). */
    public synchronized int openFor(String user) {
        return user == null ? anonymous : open.getOrDefault(user, 0);
    }

    /** Users with a socket open (at most the sockets open). */
    public synchronized int users() {
        return open.size();
    }
}
