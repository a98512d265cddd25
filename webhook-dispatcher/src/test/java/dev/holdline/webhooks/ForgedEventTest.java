package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.get;
import static dev.holdline.webhooks.Webhooks.subscribe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.holdline.events.EventTypes;
import dev.holdline.testing.ForgedEvents;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: an event is believed only from its publisher. A chat message that upload-service's RabbitMQ user
 * published under its own routing key {@code image.deleted} is not stored nor sent to a {@code chat.message}
 * subscription: the broker dead-letters it to {@code webhook-dispatcher.events.dlq}, and a WARN says who sent what.
 */
@QuarkusTest
class ForgedEventTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void shouldDeadLetterAChatMessageUploadServicePublishedAsImageDeleted() throws Exception {
        String forgedId = "forged-" + UUID.randomUUID();
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + forgedId + "\",\"source\":\"poll-gateway\","
                + "\"type\":\"chat.message\",\"time\":\"2026-12-06T01:00:00Z\",\"channels\":\"room:forged\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"sender\":\"alice\",\"text\":\"forged\"}}";
        String dlq = "webhook-dispatcher.events" + System.getProperty("holdline.test.queue-suffix") + ".dlq";
        try (ForgedEvents upload = ForgedEvents.by("upload-service");
                LoopbackHttpServer receiver = LoopbackHttpServer.start();
                Connection admin = TestInfra.rabbit(); Channel parked = admin.createChannel()) {
            receiver.route("POST", "/hook", request -> LoopbackHttpServer.Response.json(200, Map.of()));
            String subscription = subscribe(receiver.url() + "/hook", List.of(EventTypes.CHAT_MESSAGE), null)
                    .path("id").asText();

            upload.publish(EventTypes.IMAGE_DELETED, forgedId, body);

            GetResponse dead = await().atMost(WAIT).until(() -> parked.basicGet(dlq, true),
                    r -> r != null && forgedId.equals(r.getProps().getMessageId()));
            assertEquals(upload.user(), dead.getProps().getUserId(),
                    "RabbitMQ's word on who published it travels with it");
            assertEquals(EventTypes.IMAGE_DELETED, ((List<?>) ((Map<?, ?>) ((List<?>) dead.getProps().getHeaders()
                    .get("x-death")).get(0)).get("routing-keys")).get(0).toString());
            assertTrue(new String(dead.getBody(), StandardCharsets.UTF_8).contains("\"sender\":\"alice\""));
            // dead-lettered, so refused before anything was stored: no delivery, nothing sent
            assertEquals(0, get("/api/webhooks/deliveries?subscription=" + subscription).path("items").size());
            assertTrue(receiver.received().stream().noneMatch(r -> r.path().equals("/hook")));
            assertNotNull(upload.warnings().stream().filter(w -> w.contains(forgedId)
                    && w.contains("\"" + upload.user() + "\"")
                    && w.contains("\"image.deleted\"") && w.contains("\"chat.message\"")).findFirst()
                    .orElse(null), "a WARN says who sent what: " + upload.warnings());
        }
    }
}
