package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The data of {@code score.submitted}: a player's entry on a board period after an accepted score, as stored.
 * {@code submitted} is the value posted; {@code score} the entry's score after the board's operator
 * (best, set, increment); {@code improved} whether the entry changed. {@code reachedAt} (epoch ms),
 * {@code seq} and {@code revision} let every replica rank ties alike and keep only the newest entry.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoreSubmitted(String board, String period, String player, String name, double submitted,
        double score, boolean improved, long reachedAt, long seq, long revision) {
}
