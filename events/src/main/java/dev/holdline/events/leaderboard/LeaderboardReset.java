package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The data of {@code leaderboard.reset}: the board's scores were replaced (seeded) or removed (deleted). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaderboardReset(String board, boolean deleted) {
}
