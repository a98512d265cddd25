package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * This replica's name: {@code leaderboard.instance}, else its host name and a random suffix. It names the
 * replica's queue {@code leaderboard-service.changes.<instance>} and marks the score batches it publishes (the
 * CloudEvent attribute {@code replica}), which it skips when RabbitMQ brings them back: it ranked them as they
 * committed.
 */
@ApplicationScoped
public class ReplicaInstance {

    private final String name;

    @Inject
    public ReplicaInstance(LeaderboardConfig config) {
        this(config.instance().orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "local") + "-"
                + UUID.randomUUID().toString().substring(0, 8)));
    }

    ReplicaInstance(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
