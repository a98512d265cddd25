package dev.holdline.leaderboard.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Single-use WebSocket tickets, by the SHA-256 of the ticket (the ticket itself is never stored). */
@ApplicationScoped
public class TicketRepository {

    private final EntityManager em;

    public TicketRepository(EntityManager em) {
        this.em = em;
    }

    public void save(String hash, String user, Instant expiresAt) {
        em.createNativeQuery("INSERT INTO ws_ticket (ticket_hash, user_id, expires_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, hash).setParameter(2, user).setParameter(3, expiresAt).executeUpdate();
    }

    /** Takes the ticket if it exists and has not expired: a second redemption finds nothing. */
    @SuppressWarnings("unchecked")
    public Optional<String> redeem(String hash, Instant now) {
        List<Object> users = em.createNativeQuery(
                "DELETE FROM ws_ticket WHERE ticket_hash = ?1 AND expires_at > ?2 RETURNING user_id")
                .setParameter(1, hash).setParameter(2, now).getResultList();
        return users.stream().findFirst().map(Object::toString);
    }

    /** Unredeemed, unexpired tickets of the user; the caller's transaction takes the user's turn first. */
    public long outstanding(String user, Instant now) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS turn").setParameter(1, "ws-ticket:" + user)
                .getSingleResult();
        return ((Number) em.createNativeQuery("SELECT count(*) FROM ws_ticket WHERE user_id = ?1 AND expires_at > ?2")
                .setParameter(1, user).setParameter(2, now).getSingleResult()).longValue();
    }

    public int deleteExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM ws_ticket WHERE expires_at <= ?1").setParameter(1, now)
                .executeUpdate();
    }
}
