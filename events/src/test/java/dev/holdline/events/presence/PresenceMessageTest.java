package dev.holdline.events.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The four kinds keep the two wire shapes that replicas of every version and the browser read, and each reads
 * back as itself.
 */
class PresenceMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event as a replica publishes it, read back from its JSON. */
    private static CloudEvent sent(PresenceMessage message, List<String> channels) {
        return CloudEvent.fromJson(CloudEvent.create("poll-gateway", EventTypes.PRESENCE_CHANGED, message.subject(),
                channels, message).toJson());
    }

    private static PresenceMessage roundTrip(PresenceMessage message, List<String> channels) {
        CloudEvent event = sent(message, channels);
        return PresenceMessage.read(event.data(), !event.channelList().isEmpty()).orElseThrow();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shouldSendEachKindInTheShapeClientsAndOlderReplicasRead() throws Exception {
        assertEquals(json("{\"user\":\"alice\",\"online\":true,\"replica\":\"r1\"}"),
                sent(new PresenceChange("alice", true, "r1"), List.of("room:a")).data());
        assertEquals(json("{\"user\":\"alice\",\"online\":true,\"replica\":\"r1\"}"),
                sent(new PresenceClaim("alice", "r1"), List.of()).data());
        assertEquals(json("{\"user\":\"alice\",\"online\":false,\"replica\":\"r1\"}"),
                sent(new OfflineRelay("alice", "r1"), List.of()).data());
        assertEquals(json("{\"replica\":\"r1\",\"up\":false}"), sent(new ReplicaHeartbeat("r1", false), List.of()).data());
        assertEquals("users/alice", sent(new PresenceClaim("alice", "r1"), List.of()).subject());
        assertEquals("replicas/r1", sent(new ReplicaHeartbeat("r1", true), List.of()).subject());
    }

    @Test
    void shouldReadEachKindBackAsItself() {
        for (PresenceMessage message : List.of(new PresenceChange("bob", true, "r2"),
                new PresenceChange("bob", false, "r2"))) {
            assertEquals(message, roundTrip(message, List.of("room:b")));
        }
        for (PresenceMessage message : List.of(new PresenceClaim("bob", "r2"), new OfflineRelay("bob", "r2"),
                new ReplicaHeartbeat("r2", true), new ReplicaHeartbeat("r2", false))) {
            assertEquals(message, roundTrip(message, List.of()));
        }
    }

    @Test
    void shouldReadMissingFieldsAsBeforeAndIgnoreUnsignedData() throws Exception {
        assertEquals(Optional.of(new ReplicaHeartbeat("r3", true)), PresenceMessage.read(json("{\"replica\":\"r3\"}"), false));
        assertEquals(Optional.of(new OfflineRelay("carol", "r3")),
                PresenceMessage.read(json("{\"user\":\"carol\",\"replica\":\"r3\"}"), false));
        assertEquals(Optional.of(new PresenceChange("carol", false, "r3")),
                PresenceMessage.read(json("{\"user\":\"carol\",\"replica\":\"r3\",\"extra\":1}"), true));
        assertEquals(Optional.empty(), PresenceMessage.read(json("{\"user\":\"carol\",\"online\":true}"), true));
        assertEquals(Optional.empty(), PresenceMessage.read(json("{\"replica\":null,\"up\":true}"), false));
    }
}
