package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The data of {@code score.submitted}: the scores of one board accepted in one transaction (a batch of scores is
 * announced with one event per board), in the order they were applied, so a player's later score of the batch
 * after their earlier one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoreSubmitted(String board, List<Score> scores) {

    /**
     * A player's entry on a board period after an accepted score, as stored. {@code submitted} is the value posted;
     * {@code score} the entry's score after the board's operator (best, set, increment); {@code improved} whether
     * the entry changed. {@code reachedAt} (epoch µs), {@code seq} and {@code revision} let every replica rank ties
     * alike and keep only the newest entry.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Score(String period, String player, String name, double submitted, double score, boolean improved,
            long reachedAt, long seq, long revision) {
    }
}
