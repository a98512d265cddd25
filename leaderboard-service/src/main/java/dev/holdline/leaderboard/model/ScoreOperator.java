package dev.holdline.leaderboard.model;

/** What a posted score does to the player's entry. */
public enum ScoreOperator {
    /** Kept only if better than the entry (Nakama's "best"). */
    BEST,
    /** Replaces the entry. */
    SET,
    /** Added to the entry. */
    INCREMENT
}
