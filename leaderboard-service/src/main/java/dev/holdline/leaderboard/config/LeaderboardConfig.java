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

    /**
     * This replica's name: in its queue {@code leaderboard-service.changes.<instance>} and on the score batches it
     * publishes (which it skips when they come back); default its host name and a random suffix. Unique among
     * running replicas.
     */
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

    /**
     * Changes waiting in this replica's queue {@code leaderboard-service.changes.<instance>} at most (x-max-length,
     * x-overflow drop-head): a replica that stops reading loses the oldest, never stalls the other replicas.
     */
    @WithDefault("10000")
    int changesQueueMaxLength();

    /** Per-user allowances; past them 429 with Retry-After (leaderboard.limits.*). */
    Limits limits();

    /** A burst at once, then a rate per minute, per user; and how many sockets each may hold open. */
    interface Limits {
        /** Score posts one user may make at once, then {@link #scoresPerMinute()}. */
        @WithDefault("60")
        int scoresBurst();

        @WithDefault("120")
        int scoresPerMinute();

        /** Orders one user may place at once, then {@link #ordersPerMinute()}. */
        @WithDefault("10")
        int ordersBurst();

        @WithDefault("20")
        int ordersPerMinute();

        /** WebSocket tickets one user may take at once, then {@link #ticketsPerMinute()}. */
        @WithDefault("20")
        int ticketsBurst();

        @WithDefault("60")
        int ticketsPerMinute();

        /**
         * Renames of oneself ({@code PUT /api/players/me}) one user may make at once, then
         * {@link #renamesPerMinute()}: each rewrites every score row of the player and re-pushes snapshots. An
         * unchanged name, a refused one and an admin's rename do not count.
         */
        @WithDefault("3")
        int renamesBurst();

        /** 1, the lowest whole rate: after the burst, one rename a minute. */
        @WithDefault("1")
        int renamesPerMinute();

        /** Open WebSockets one signed-in user may hold on this replica; more are refused with 429. */
        @WithDefault("10")
        int socketsPerUser();

        /** Open WebSockets without a ticket (anonymous viewers) on this replica, all together; more: 429. */
        @WithDefault("5000")
        int anonymousSockets();

        /** Users whose allowance is remembered at once (least recently seen forgotten first). */
        @WithDefault("100000")
        int maxUsers();
    }
}
