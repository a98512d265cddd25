package dev.holdline.events.leaderboard;

/** One line of a leaderboard: 1-based unique rank, the player's id, their display name and score. */
public record RankedEntry(int rank, String player, String name, double score) {
}
