package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.presence.OfflineRelay;
import dev.holdline.events.presence.PresenceChange;
import dev.holdline.events.presence.PresenceClaim;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The claim protocol on replica "m", as plain code: what it decides to say, of which kind, to which channels. */
class PresenceClaimsTest {

    private static final long GRACE = Duration.ofSeconds(20).toMillis();

    private final LocalPresence here = new LocalPresence(100);
    private final LastWords words = new LastWords();
    private final PresenceClaims claims = new PresenceClaims("m", Duration.ofMillis(GRACE), here, words);
    private long now = 1_000_000;

    private static Announcement toRoom(String user, boolean online, String room) {
        return new Announcement(new PresenceChange(user, online, "m"), List.of(room));
    }

    @Test
    void shouldAnnounceANewUserToEachRoomAndClaimOneOnlineElsewhereWithoutChannels() {
        assertEquals(List.of(toRoom("alice", true, "room:a"), toRoom("alice", true, "room:b")),
                claims.pollStarted("alice", List.of("room:a", "user:alice", "room:b"), now));

        claims.observed(new PresenceChange("bob", true, "z"), List.of("room:a"), now, now);
        assertEquals(List.of(new Announcement(new PresenceClaim("bob", "m"), List.of())),
                claims.pollStarted("bob", List.of("room:a"), now));
        assertEquals(List.of("alice", "bob"), words.onlineIn("room:a", 10), "a claim keeps the rooms z announced");
    }

    @Test
    void shouldTellItsRoomsOfARelayedOfflineButNotOfOneTheRoomsHeardAlready() {
        claims.pollStarted("alice", List.of("room:a"), now);
        claims.pollStarted("carol", List.of("room:c"), now);

        assertEquals(List.of(toRoom("alice", false, "room:a")),
                claims.observed(new OfflineRelay("alice", "z"), List.of(), now, now));
        assertEquals(List.of(), claims.observed(new PresenceChange("carol", false, "z"), List.of("room:c"), now, now));
        assertFalse(here.contains("carol"), "gone, said elsewhere: her next poll here is a return");
        assertEquals(List.of(), claims.observed(new OfflineRelay("m-echo", "m"), List.of(), now, now));
    }

    @Test
    void shouldRelayADisconnectOfAUserItHoldsInNoRoom() {
        claims.observed(new PresenceChange("bob", true, "z"), List.of("room:b"), now, now);
        assertEquals(List.of(new Announcement(new OfflineRelay("bob", "m"), List.of())), claims.disconnect("bob", now));
        assertEquals(List.of(), claims.disconnect("nobody", now));
    }

    @Test
    void shouldClaimBackAUserItServesAndForgetQuietlyOneWhoseLastWordIsAnotherReplicas() {
        claims.pollStarted("alice", List.of("room:a"), now); // her poll is still held
        claims.pollStarted("dora", List.of("room:d"), now);
        claims.pollEnded("dora", now);
        claims.observed(new PresenceClaim("alice", "z"), List.of(), now, now);
        claims.observed(new PresenceClaim("dora", "z"), List.of(), now, now);

        now += GRACE / 2;
        assertEquals(List.of(), claims.tick(now), "z's claim is not half a grace old yet");
        now += 1;
        assertEquals(List.of(new Announcement(new PresenceClaim("alice", "m"), List.of())), claims.tick(now));

        now += GRACE;
        assertEquals(List.of(), claims.tick(now), "dora's last word is z's: z says when she leaves");
        assertFalse(here.contains("dora"));
        assertTrue(here.contains("alice"));

        claims.pollEnded("alice", now);
        now += GRACE + 1;
        assertEquals(List.of(toRoom("alice", false, "room:a")), claims.tick(now), "the last word was this replica's");
    }
}
