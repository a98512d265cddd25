package dev.holdline.leaderboard.service;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.repository.ScoreRequestRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Scores' {@code Idempotency-Key}s are kept for {@code leaderboard.idempotency-retention}, then deleted in batches. */
@ApplicationScoped
public class IdempotencyKeyRetention {

    private static final int BATCH = 10_000;

    private final ScoreRequestRepository requests;
    private final LeaderboardConfig config;

    public IdempotencyKeyRetention(ScoreRequestRepository requests, LeaderboardConfig config) {
        this.requests = requests;
        this.config = config;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteOldKeys() {
        Instant cutoff = Instant.now().minus(config.idempotencyRetention());
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> requests.deleteBefore(cutoff, BATCH));
        } while (deleted == BATCH);
    }
}
