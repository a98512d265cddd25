package dev.holdline.leaderboard.model;

/** DESC: a higher score is better; ASC: a lower one is (a race time). */
public enum SortOrder {
    DESC, ASC
}
