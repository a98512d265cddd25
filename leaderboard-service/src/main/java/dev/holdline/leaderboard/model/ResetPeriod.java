package dev.holdline.leaderboard.model;

/** When a board starts afresh (UTC); past periods stay queryable. */
public enum ResetPeriod {
    DAILY, WEEKLY
}
