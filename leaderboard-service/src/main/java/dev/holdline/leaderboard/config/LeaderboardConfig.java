package dev.holdline.leaderboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "leaderboard")
public interface LeaderboardConfig {

    /** Entries in a pushed snapshot and in {@code leaderboard.updated}. */
    @WithDefault("10")
    int topSize();

    /** At most one snapshot per board per interval; a burst of scores ends on one final snapshot. */
    @WithDefault("100ms")
    Duration pushInterval();

    /** The largest absolute score accepted (also after an increment). */
    @WithDefault("1e15")
    double maxScore();

    /** A socket that cannot take a snapshot for this long is closed. */
    @WithDefault("10s")
    Duration socketStallTimeout();

    /** Open WebSockets per replica; more are refused with 503. */
    @WithDefault("15000")
    int maxSockets();

    /** Origins allowed to open a WebSocket; empty: only the page's own host (and clients that send none). */
    Optional<List<String>> allowedOrigins();

    /** How long a WebSocket ticket is good for. */
    @WithDefault("30s")
    Duration ticketLifetime();

    /** Unredeemed tickets one user may hold at once; more is 429. */
    @WithDefault("20")
    int maxTicketsPerUser();

    /** This replica's name in its queue {@code leaderboard-service.changes.<instance>}; default host name. */
    Optional<String> instance();

    /** Scores written in one transaction at most (group commit: those posted while the last one committed). */
    @WithDefault("100")
    int writeBatch();

    /**
     * Threads writing score batches; batches go in row order, so they never deadlock each other. One makes the
     * largest batches (scores gather while the last batch commits): fewer commits for PostgreSQL per score.
     */
    @WithDefault("1")
    int writers();

    /** Scores waiting to be written at most; beyond, a score is a 503. */
    @WithDefault("10000")
    int writeQueue();

    /** How long a score call waits for its batch to commit before answering 503. */
    @WithDefault("10s")
    Duration writeTimeout();

    /** How long a score's {@code Idempotency-Key} is remembered: a retry within it is answered, not applied. */
    @WithDefault("24h")
    Duration idempotencyRetention();
}
