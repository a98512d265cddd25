package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.events.EventTypes;
import dev.holdline.events.Exchanges;
import dev.holdline.testing.RabbitUsers;
import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
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
        String exchange = System.getProperty("holdline.test.exchange");
        // this run's upload-service user: its topic permission lets it publish image.deleted, and nothing of chat
        String user = "upload-service" + System.getProperty("holdline.test.user-suffix");
        Map<String, String> login = RabbitUsers.create(user, "upload-service", exchange);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.holdline.platform.messaging.PublisherCheck");
        log.addHandler(handler);
        try (Connection connection = TestInfra.rabbit(user, login.get("rabbitmq-password"));
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, EventTypes.IMAGE_DELETED, new AMQP.BasicProperties.Builder()
                    .contentType(Exchanges.CLOUDEVENTS_JSON).deliveryMode(2).messageId(forgedId).userId(user).build(),
                    body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);

            // a real message after it on the stream: once the room has it, the gateway has read the forged one
            String real = send("bob", "forged", "after the forged one");
            JsonPath room = poll("alice", "channel=room:forged&cursor=" + start);
            assertEquals(List.of(real), room.getList("events.id"), "only bob's real message reaches the room");
            assertEquals("bob", room.getString("events[0].data.sender"));
            assertTrue(warnings.stream().anyMatch(w -> w.contains(forgedId) && w.contains("\"" + user + "\"")
                    && w.contains("\"image.deleted\"") && w.contains("\"chat.message\"")),
                    "a WARN says who sent what: " + warnings);
        } finally {
            log.removeHandler(handler);
            RabbitUsers.delete(user);
        }
    }
}
