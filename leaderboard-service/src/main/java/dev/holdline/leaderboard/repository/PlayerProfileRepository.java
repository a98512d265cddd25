package dev.holdline.leaderboard.repository;

import dev.holdline.leaderboard.model.PlayerProfile;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

@ApplicationScoped
public class PlayerProfileRepository implements PanacheRepositoryBase<PlayerProfile, String> {

    /** Sets the player's name; one statement, so that two first renames at once cannot collide. */
    public void save(String player, String displayName, String by, Instant at) {
        getEntityManager().createNativeQuery("""
                INSERT INTO player_profile (player, display_name, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (player) DO UPDATE SET display_name = EXCLUDED.display_name,
                    updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
                """).setParameter(1, player).setParameter(2, displayName).setParameter(3, by)
                .setParameter(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).executeUpdate();
    }
}
