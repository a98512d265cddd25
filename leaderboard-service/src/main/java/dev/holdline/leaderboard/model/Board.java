package dev.holdline.leaderboard.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;

@Entity
public class Board {

    /** The board's name, grammar of channel names: {@code [A-Za-z0-9._-]{1,64}}. */
    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "sort_order", nullable = false)
    public SortOrder sortOrder;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ScoreOperator operator;

    @Enumerated(EnumType.STRING)
    @Column(name = "reset_period")
    public ResetPeriod resetPeriod;

    @Column(name = "anonymous_view", nullable = false)
    public boolean anonymousView;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
