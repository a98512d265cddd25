package dev.holdline.leaderboard.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The name a player chose, or an admin gave them: shown on every board they are on. */
@Entity
@Table(name = "player_profile")
public class PlayerProfile {

    @Id
    public String player;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    /** The player, or the admin who renamed them. */
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
