package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.EventTypes;
import dev.holdline.testing.ForgedEvents;
import dev.holdline.testing.ServiceReady;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: an event is believed only from its publisher. upload-service's RabbitMQ user may publish
 * {@code image.deleted}; a chat message in the body of one must not reach a room.
 */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class ForgedEventTest {

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    @Test
    void shouldNotDeliverAChatMessageUploadServicePublishedAsImageDeleted() throws Exception {
        String start = poll("alice", "channel=room:forged&timeout=1").getString("cursor");
        String forgedId = "forged-" + UUID.randomUUID();
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + forgedId + "\",\"source\":\"poll-gateway\","
                + "\"type\":\"chat.message\",\"time\":\"2026-12-06T01:00:00Z\",\"channels\":\"room:forged\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"sender\":\"alice\",\"text\":\"forged\"}}";
        // this run's upload-service user: its topic permission lets it publish image.deleted, and nothing of chat
        try (ForgedEvents upload = ForgedEvents.by("upload-service")) {
            upload.publish(EventTypes.IMAGE_DELETED, forgedId, body);

            // a real message after it on the stream: once the room has it, the gateway has read the forged one
            String real = send("bob", "forged", "after the forged one");
            JsonPath room = poll("alice", "channel=room:forged&cursor=" + start);
            assertEquals(List.of(real), room.getList("events.id"), "only bob's real message reaches the room");
            assertEquals("bob", room.getString("events[0].data.sender"));
            assertTrue(upload.warnings().stream().anyMatch(w -> w.contains(forgedId)
                    && w.contains("\"" + upload.user() + "\"")
                    && w.contains("\"image.deleted\"") && w.contains("\"chat.message\"")),
                    "a WARN says who sent what: " + upload.warnings());
        }
    }

    @Test
    void shouldNotDeliverADeadLetteredCopyOfUploadServicesImageDeleted() throws Exception {
        String start = poll("alice", "channel=room:dead-lettered&timeout=1").getString("cursor");
        String copyId = "dead-lettered-" + UUID.randomUUID();
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + copyId + "\",\"source\":\"upload-service\","
                + "\"type\":\"image.deleted\",\"time\":\"2026-12-06T01:00:00Z\",\"channels\":\"room:dead-lettered\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"imageId\":\"1\"}}";
        // the right publisher's user and type: only x-death says another service's queue put it back
        Map<String, Object> death = Map.of("x-death", List.of(Map.of("queue", "leaderboard-service.x",
                "exchange", "holdline.events", "reason", "rejected", "count", 1L)),
                "x-first-death-queue", "leaderboard-service.x", "x-first-death-reason", "rejected");
        try (ForgedEvents upload = ForgedEvents.by("upload-service")) {
            upload.publish(EventTypes.IMAGE_DELETED, copyId, body, death);

            String real = send("bob", "dead-lettered", "after the dead-lettered copy");
            JsonPath room = poll("alice", "channel=room:dead-lettered&cursor=" + start);
            assertEquals(List.of(real), room.getList("events.id"), "only bob's real message reaches the room");
            assertTrue(upload.warnings().stream().anyMatch(w -> w.contains(copyId) && w.contains("dead-lettered")),
                    "a WARN says it was a dead-lettered copy: " + upload.warnings());
        }
    }
}
