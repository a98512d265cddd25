package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The visible top of a board period: the data of {@code leaderboard.updated} and the body of the WebSocket's
 * {@code current_leaderboard} / {@code update_leaderboard} messages. {@code version} grows with every
 * snapshot of the board, across replicas: a client keeps the highest it has seen.
 *
 * @param period {@code all} on a board that never resets, else the first day of the period (YYYY-MM-DD)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaderboardSnapshot(String board, String period, long version, List<RankedEntry> entries) {
}
