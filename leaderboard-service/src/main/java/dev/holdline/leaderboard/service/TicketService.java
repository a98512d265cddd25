package dev.holdline.leaderboard.service;

import dev.holdline.platform.Digests;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.repository.TicketRepository;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * WebSocket tickets (seed 000, question 7): a browser trades its bearer token for a random, single-use
 * ticket good for about 30 s on any replica, and puts only the ticket in the socket's URL. PostgreSQL keeps
 * the ticket's SHA-256, so a database dump cannot be replayed.
 */
@ApplicationScoped
public class TicketService {

    /** A ticket and when it stops working. */
    public record Ticket(String ticket, Instant expiresAt) {
    }

    private final TicketRepository tickets;
    private final LeaderboardConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TicketService(TicketRepository tickets, LeaderboardConfig config, Clock clock) {
        this.tickets = tickets;
        this.config = config;
        this.clock = clock;
    }

    public Ticket issue(String user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(config.ticketLifetime());
        QuarkusTransaction.requiringNew().run(() -> {
            if (tickets.outstanding(user, now) >= config.maxTicketsPerUser()) {
                long wait = Math.max(1, config.ticketLifetime().toSeconds());
                throw ApiException.tooMany("at most " + config.maxTicketsPerUser()
                        + " unused tickets at once; use one or wait " + wait + " s", wait);
            }
            tickets.save(Digests.sha256Hex(ticket), user, expires);
        });
        return new Ticket(ticket, expires);
    }

    /** The user the ticket was issued to, if it is unused and unexpired; it cannot be redeemed again. */
    public Optional<String> redeem(String ticket) {
        if (ticket == null || ticket.length() != 43) {
            return Optional.empty();
        }
        String hash = Digests.sha256Hex(ticket);
        return QuarkusTransaction.requiringNew().call(() -> tickets.redeem(hash, clock.instant()));
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        QuarkusTransaction.requiringNew().run(() -> tickets.deleteExpired(clock.instant()));
    }
}
