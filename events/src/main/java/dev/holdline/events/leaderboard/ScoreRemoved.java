package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The data of {@code score.removed}: the player's entry of the board period was deleted (by the player, or by an
 * admin moderating). {@code revision} is the removed entry's: a replica drops the entry it holds up to that
 * revision and refuses it (or an older one) if it arrives later, but keeps a newer one (posted again since).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoreRemoved(String board, String period, String player, long revision) {
}
