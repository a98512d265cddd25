package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.presence.PresenceChange;
import dev.holdline.events.presence.PresenceClaim;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What replica "m" says for gone replicas; "a" sorts before it, "y" and "z" after. */
class GoneReplicaCleanupTest {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final FakeClock clock = new FakeClock();
    private final ReplicaLiveness replicas = new ReplicaLiveness("m", GRACE, clock);
    private final LocalPresence here = new LocalPresence(100);
    private final LastWords words = new LastWords();
    private final PresenceClaims claims = new PresenceClaims("m", GRACE, here, words);
    private final GoneReplicaCleanup cleanup = new GoneReplicaCleanup(replicas, here, words, claims);

    /** Another replica's online for {@code user} in {@code rooms}, read from the stream now. */
    private void online(String replica, String user, String... rooms) {
        replicas.heard(replica, clock.millis(), false);
        claims.observed(new PresenceChange(user, true, replica), List.of(rooms), clock.millis(), clock.millis());
    }

    private static Announcement offline(String user, String room) {
        return new Announcement(new PresenceChange(user, false, "m"), List.of(room));
    }

    @Test
    void shouldSayOfflineInEveryRoomOfAUserLeftOnlineOnceTheGoodbyeIsAGraceOld() {
        online("z", "carol", "room:c");
        online("z", "carol", "room:d");
        replicas.heard("z", clock.millis(), true);

        clock.advance(GRACE.minusMillis(1));
        assertEquals(List.of(), cleanup.sweep(clock.millis()));
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(offline("carol", "room:c"), offline("carol", "room:d")), cleanup.sweep(clock.millis()));
        assertEquals(List.of(), cleanup.sweep(clock.millis()), "said once: the offline is the last word now");
    }

    @Test
    void shouldLeaveItToALiveReplicaWithASmallerIdAndSpareUsersClaimedOrServedSince() {
        online("z", "dave", "room:d");
        online("z", "erin", "room:e");
        online("z", "frank", "room:f");
        replicas.heard("y", clock.millis(), false);
        claims.observed(new PresenceClaim("erin", "y"), List.of(), clock.millis(), clock.millis());
        claims.pollStarted("frank", List.of("room:f"), clock.millis());
        replicas.heard("a", clock.millis(), false);
        replicas.heard("z", clock.millis(), true);
        clock.advance(GRACE);

        assertEquals(List.of(), cleanup.sweep(clock.millis()), "a is alive and speaks for the gone");
        replicas.heard("a", clock.millis(), true);
        assertEquals(List.of(offline("dave", "room:d")), cleanup.sweep(clock.millis()),
                "erin is online on y, frank here");
    }
}
