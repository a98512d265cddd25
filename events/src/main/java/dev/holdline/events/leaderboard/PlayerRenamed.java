package dev.holdline.events.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The data of {@code player.renamed}: the player's new name and their entries of boards' current periods as the
 * rename left them (the name rewritten, a new {@code revision}), so that a replica takes the rename like any newer
 * entry and never lets an older {@code score.submitted} bring the old name back. Entries of past periods are
 * renamed in PostgreSQL only (they are read from there).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlayerRenamed(String player, String name, List<Entry> entries) {

    /** One renamed entry, as stored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String board, String period, double score, long reachedAt, long seq, long revision) {
    }
}
