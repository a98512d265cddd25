package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The data of {@code score.removed}: the player's entry of the board period was deleted (by the player, or by an
 * admin moderating). {@code revision} comes after that of every stored change of the entry it removes, so a
 * replica holding a newer entry (posted again since) keeps it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoreRemoved(String board, String period, String player, long revision) {
}
