package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.events.CloudEvent;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.testing.TestMappings;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.holdline.platform.events.EventFactory;
import org.junit.jupiter.api.Test;

/**
 * Presence on one replica ("m"), with what it says recorded instead of published, the stream played by the
 * test ({@link #echo()} reads back what this replica said; {@link #word} and {@link #heartbeat} are what other
 * replicas say), and time moved by hand. Other replicas: "a" sorts before "m", "z" after.
 */
class PresenceServiceTest {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final FakeClock clock = new FakeClock();
    private final Map<String, String> settings = new HashMap<>();
    private final List<CloudEvent> said = new ArrayList<>();
    private int echoed;
    private boolean caughtUp = true;
    private final PresenceService presence;

    PresenceServiceTest() {
        settings.put("gateway.presence.grace", GRACE.toSeconds() + "s");
        presence = presence();
    }

    private PresenceService presence() {
        EventSink sink = event -> {
            said.add(event);
            return Uni.createFrom().item(event);
        };
        return new PresenceService(sink, new EventFactory("poll-gateway"), () -> caughtUp, new ReplicaLiveness("m", GRACE, clock), clock, TestMappings.of(GatewayConfig.class, settings));
    }

    /** What this replica said of users since the last call: "alice online [room:a]", a claim has no rooms. */
    private List<String> saidOfUsers() {
        List<String> words = new ArrayList<>();
        for (CloudEvent event : said) {
            if (event.data().has("user")) {
                words.add(event.data().get("user").asText() + (event.data().get("online").asBoolean()
                        ? " online " : " offline ") + event.channelList());
            }
        }
        return words;
    }

    private List<String> saidOfItself() {
        return said.stream().filter(e -> !e.data().has("user"))
                .map(e -> e.data().get("up").asBoolean() ? "alive" : "goodbye").toList();
    }

    /** The stream brings back what this replica said (every replica reads its own words too). */
    private void echo() {
        while (echoed < said.size()) {
            CloudEvent event = said.get(echoed++);
            presence.observed(event.data(), event.channelList(), clock.millis());
        }
    }

    private void forget() {
        echo();
        said.clear();
        echoed = 0;
    }

    /** Another replica's word on a user, read from the stream now. */
    private void word(String replica, String user, boolean online, String... rooms) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("user", user).put("online", online)
                .put("replica", replica);
        presence.observed(data, List.of(rooms), clock.millis());
    }

    private void heartbeat(String replica, boolean up) {
        JsonNode data = JsonNodeFactory.instance.objectNode().put("replica", replica).put("up", up);
        presence.observed(data, List.of(), clock.millis());
    }

    @Test
    void shouldAnnounceOnlineToThePolledRoomsAndLaterOnlyToRoomsThatAreNew() {
        presence.pollStarted("alice", List.of("room:a", "user:alice"));
        presence.pollStarted("alice", List.of("room:a", "room:b"));
        presence.pollStarted("alice", List.of("user:alice"));
        presence.pollStarted("bob", List.of("user:bob"));

        assertEquals(List.of("alice online [room:a]", "alice online [room:b]"), saidOfUsers());
        assertTrue(presence.isOnline("bob"), "online, in no room to tell");
    }

    @Test
    void shouldAnnounceAUserInNoMoreRoomsThanTheBoundHoweverManyTheyPoll() {
        settings.put("gateway.presence.max-rooms-per-user", "3");
        PresenceService bounded = presence();
        for (int i = 0; i < 10; i++) {
            bounded.pollStarted("roamer", List.of("room:r" + i, "room:s" + i));
            bounded.pollEnded("roamer");
        }
        assertEquals(List.of("roamer online [room:r0]", "roamer online [room:r1]", "roamer online [room:s0]"),
                saidOfUsers().stream().sorted().toList());
        assertEquals(List.of("roamer"), bounded.onlineIn("room:r1", 10));
        assertEquals(List.of(), bounded.onlineIn("room:r2", 10), "past the bound: not announced, not remembered");
    }

    @Test
    void shouldSayOfflineOnceTheGraceHasRunOutAfterTheLastPollEnded() {
        presence.pollStarted("alice", List.of("room:a"));
        presence.pollStarted("alice", List.of("room:a"));
        forget();
        presence.pollEnded("alice");
        clock.advance(GRACE.multipliedBy(3));
        presence.tick();
        assertEquals(List.of(), saidOfUsers(), "one poll is still going");

        presence.pollEnded("alice");
        clock.advance(GRACE);
        presence.tick();
        assertEquals(List.of(), saidOfUsers(), "not more than the grace yet");
        assertTrue(presence.isOnline("alice"));
        clock.advance(Duration.ofMillis(1));
        presence.tick();
        assertEquals(List.of("alice offline [room:a]"), saidOfUsers());
        assertFalse(presence.isOnline("alice"));
        presence.tick();
        assertEquals(1, saidOfUsers().size(), "said once");
    }

    @Test
    void shouldOnlyClaimAUserOnlineElsewhereAndSayOfflineWhenItHasTheLastWord() {
        word("z", "bob", true, "room:a");
        presence.pollStarted("bob", List.of("room:a"));
        assertEquals(List.of("bob online []"), saidOfUsers(), "a claim: the rooms heard it from z");

        forget();
        presence.pollEnded("bob");
        clock.advance(GRACE.plusMillis(1));
        presence.tick();
        assertEquals(List.of("bob offline [room:a]"), saidOfUsers(), "the claim was the last word");
    }

    @Test
    void shouldForgetQuietlyAUserThatAnotherReplicaClaimedSince() {
        presence.pollStarted("alice", List.of("room:a"));
        presence.pollEnded("alice");
        forget();
        clock.advance(Duration.ofSeconds(1));
        word("z", "alice", true); // her next poll went to z

        clock.advance(GRACE);
        presence.tick();
        assertEquals(List.of(), saidOfUsers(), "z says when she leaves");
        assertFalse(presence.isOnline("alice"));
    }

    @Test
    void shouldClaimBackAUserItStillServesOnceAnotherClaimIsHalfAGraceOld() {
        presence.pollStarted("alice", List.of("room:a"));
        forget();
        word("z", "alice", true);

        clock.advance(GRACE.dividedBy(2));
        presence.tick();
        assertEquals(List.of(), saidOfUsers());
        clock.advance(Duration.ofMillis(1));
        presence.tick();
        assertEquals(List.of("alice online []"), saidOfUsers());
    }

    @Test
    void shouldSayOfflineToTheRoomsAtOnceOnDisconnectAndRelayItForAUserPollingElsewhere() {
        presence.pollStarted("alice", List.of("room:a"));
        forget();
        presence.disconnect("alice");
        assertEquals(List.of("alice offline [room:a]"), saidOfUsers());
        assertFalse(presence.isOnline("alice"));

        forget();
        word("z", "bob", true, "room:b");
        presence.disconnect("bob");
        assertEquals(List.of("bob offline []"), saidOfUsers(), "z holds his polls: it tells the rooms");

        forget();
        presence.disconnect("nobody");
        assertEquals(List.of(), saidOfUsers());
    }

    @Test
    void shouldTellItsRoomsOfADisconnectRelayedByAnotherReplica() {
        presence.pollStarted("alice", List.of("room:a"));
        presence.pollStarted("carol", List.of("room:c"));
        forget();

        word("z", "alice", false); // relayed: said without rooms
        word("z", "carol", false, "room:c"); // said to the rooms already

        assertEquals(List.of("alice offline [room:a]"), saidOfUsers());
        assertFalse(presence.isOnline("alice"));
        assertFalse(presence.isOnline("carol"), "gone, said elsewhere: her next poll here is a return");
    }

    @Test
    void shouldSayOfflineForTheUsersOfAReplicaThatSaidGoodbyeOnceTheGraceHasPassed() {
        word("z", "carol", true, "room:c");
        word("z", "carol", true, "room:d"); // online in two rooms
        heartbeat("z", false);

        clock.advance(GRACE.minusMillis(1));
        presence.tick();
        assertEquals(List.of(), saidOfUsers());
        clock.advance(Duration.ofMillis(1));
        presence.tick();
        assertEquals(List.of("carol offline [room:c]", "carol offline [room:d]"), saidOfUsers(),
                "one event per room: a room's members learn nothing of the user's other rooms");
        echo();
        presence.tick();
        assertEquals(2, saidOfUsers().size(), "said once in each room");
    }

    @Test
    void shouldSpeakForASilentReplicaOnlyOnceCaughtUpAndWhenNoLiveReplicaComesFirst() {
        word("z", "dave", true, "room:d");
        heartbeat("a", true);
        caughtUp = false;
        clock.advance(Duration.ofSeconds(31)); // z silent for longer than three heartbeats
        heartbeat("a", true);
        presence.tick();
        assertEquals(List.of(), saidOfUsers(), "still replaying the stream: words may be old");

        caughtUp = true;
        presence.tick();
        assertEquals(List.of(), saidOfUsers(), "a is alive and speaks for the gone");

        heartbeat("a", false);
        presence.tick();
        assertEquals(List.of("dave offline [room:d]"), saidOfUsers());
    }

    @Test
    void shouldNotSpeakForAUserThatCameBackHere() {
        word("z", "dave", true, "room:d");
        presence.pollStarted("dave", List.of("room:d"));
        forget();
        heartbeat("z", false);
        clock.advance(GRACE);
        presence.tick();
        assertEquals(List.of(), saidOfUsers(), "dave is online here: this replica says when he leaves");
    }

    @Test
    void shouldSayItIsAliveEveryHalfGraceAndGoodbyeAtShutdown() {
        presence.tick();
        presence.tick();
        clock.advance(GRACE.dividedBy(2));
        presence.tick();
        presence.onStop(new ShutdownEvent());

        assertEquals(List.of("alive", "alive", "goodbye"), saidOfItself());
        assertTrue(said.stream().allMatch(e -> "m".equals(e.data().get("replica").asText())));
        assertTrue(said.stream().allMatch(e -> e.channelList().isEmpty()), "never delivered to clients");
    }

    @Test
    void shouldSayNothingWhenTurnedOff() {
        settings.put("gateway.presence.enabled", "false");
        PresenceService off = presence();
        off.pollStarted("alice", List.of("room:a"));
        off.disconnect("alice");
        off.onStop(new ShutdownEvent());
        assertEquals(List.of(), said);
        assertFalse(off.isOnline("alice"));
    }
}
