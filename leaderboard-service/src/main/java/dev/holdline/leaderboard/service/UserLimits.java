package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.platform.limits.UserRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How much each user may write: score posts, orders, WebSocket tickets and renames of oneself
 * (leaderboard.limits.*), each a burst then a rate per minute; past it 429 with Retry-After. Called before the work.
 */
@ApplicationScoped
public class UserLimits {

    private final UserRateLimiter scores;
    private final UserRateLimiter orders;
    private final UserRateLimiter tickets;
    private final UserRateLimiter renames;

    public UserLimits(LeaderboardConfig config) {
        LeaderboardConfig.Limits limits = config.limits();
        this.scores = new UserRateLimiter("score posts", limits.scoresPerMinute(), limits.scoresBurst(),
                limits.maxUsers());
        this.orders = new UserRateLimiter("orders", limits.ordersPerMinute(), limits.ordersBurst(),
                limits.maxUsers());
        this.tickets = new UserRateLimiter("WebSocket tickets", limits.ticketsPerMinute(), limits.ticketsBurst(),
                limits.maxUsers());
        this.renames = new UserRateLimiter("renames", limits.renamesPerMinute(), limits.renamesBurst(),
                limits.maxUsers());
    }

    public void score(String user) {
        scores.check(user);
    }

    public void order(String user) {
        orders.check(user);
    }

    public void ticket(String user) {
        tickets.check(user);
    }

    public void rename(String user) {
        renames.check(user);
    }
}
