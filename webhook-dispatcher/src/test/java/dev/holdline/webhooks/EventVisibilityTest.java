package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.admin;
import static dev.holdline.webhooks.Webhooks.get;
import static dev.holdline.webhooks.Webhooks.subscribe;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
import dev.holdline.testing.LoopbackHttpServer.Response;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Event visibility (issue 24): {@code *} and prefixes send domain events only, a private type goes only where it
 * is named exactly, and ephemeral types are never sent. Events are published before a domain event that marks
 * the end: the queue is read in order, so once the marker is stored every event before it has been judged.
 */
@QuarkusTest
class EventVisibilityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The private notification of the issue, verbatim. */
    private static final String PASSWORD_RESET = "{\"to\":\"user:bob\",\"title\":\"your password reset code\"}";

    private EventProbe probe;
    private LoopbackHttpServer receiver;

    @BeforeEach
    void start() {
        probe = EventProbe.listen("nothing.is.bound.here");
        receiver = LoopbackHttpServer.start().route("POST", "/[a-z]+", r -> Response.json(200, Map.of()));
    }

    @AfterEach
    void stop() {
        probe.close();
        receiver.close();
    }

    private List<Request> hits(String path) {
        return receiver.received().stream().filter(r -> r.path().equals(path)).toList();
    }

    private static String type(Request request) throws Exception {
        return Webhooks.JSON.readTree(request.body()).path("type").asText();
    }

    private static List<String> deliveredTypes(String subscription) throws Exception {
        JsonNode items = get("/api/webhooks/deliveries?subscription=" + subscription).path("items");
        return StreamSupport.stream(items.spliterator(), false).map(d -> d.path("eventType").asText()).sorted()
                .toList();
    }

    private static CloudEvent event(String type, String subject, String channel, Object data) {
        return CloudEvent.create("poll-gateway", type, subject, List.of(channel), data);
    }

    private void publishChatTypingReadPresenceAndNotification() throws Exception {
        probe.publish(event(EventTypes.CHAT_MESSAGE, "rooms/lobby", "room:lobby",
                Map.of("room", "lobby", "sender", "alice", "text", "meet me at noon")));
        probe.publish(event(EventTypes.CHAT_TYPING, "rooms/lobby", "room:lobby", Map.of("room", "lobby", "user", "alice")));
        probe.publish(event(EventTypes.CHAT_READ, "rooms/lobby", "room:lobby",
                Map.of("room", "lobby", "user", "bob", "messageId", "01JDQ3M5X8K2P7RNAVB4CZ6T9W")));
        probe.publish(event(EventTypes.PRESENCE_CHANGED, "users/alice", "room:lobby",
                Map.of("user", "alice", "online", true, "replica", "r1")));
        probe.publish(event(EventTypes.NOTIFICATION, "notifications", "user:bob", Webhooks.JSON.readTree(PASSWORD_RESET)));
    }

    private void publishOrderAndImage() {
        probe.publish(CloudEvent.create("leaderboard-service", EventTypes.ORDER_PLACED, "orders/1", List.of("user:ann"),
                Map.of("orderId", 1, "buyer", "ann", "currency", "EUR", "total", "4.50")));
        probe.publish(CloudEvent.create("upload-service", EventTypes.IMAGE_COMPLETED, "images/42",
                List.of("user:ann", "image:42"), Map.of("imageId", 42, "owner", "ann", "status", "COMPLETED")));
    }

    @Test
    void shouldSendOrdersAndImagesButNoChatTypingReadPresenceOrNotificationWithTheDefaultPatterns() throws Exception {
        JsonNode subscription = Webhooks.JSON.readTree(given().header("Authorization", admin())
                .contentType(ContentType.JSON).body(Map.of("url", receiver.url() + "/everything"))
                .post("/api/webhooks/subscriptions").then().statusCode(201).extract().asString());
        assertEquals("[\"*\"]", subscription.path("eventTypes").toString(), "the default patterns");
        assertEquals("[]", subscription.path("privateEventTypes").toString());
        String id = subscription.path("id").asText();

        publishChatTypingReadPresenceAndNotification();
        publishOrderAndImage();

        await().atMost(WAIT).until(() -> deliveredTypes(id).size() >= 2);
        assertEquals(List.of("image.completed", "order.placed"), deliveredTypes(id));
        await().atMost(WAIT).until(() -> hits("/everything").size() >= 2);
        List<Request> sent = hits("/everything");
        assertEquals(2, sent.size());
        for (Request request : sent) {
            String body = new String(request.body(), StandardCharsets.UTF_8);
            assertFalse(body.contains("password reset") || body.contains("noon"), body);
        }
        assertEquals(List.of("image.completed", "order.placed"),
                List.of(type(sent.get(0)), type(sent.get(1))).stream().sorted().toList());
    }

    @Test
    void shouldSendAChatMessageOnlyToTheSubscriptionThatNamesItExactly() throws Exception {
        JsonNode named = subscribe(receiver.url() + "/named", List.of("chat.message"), null);
        String all = subscribe(receiver.url() + "/all", List.of("*"), null).path("id").asText();
        JsonNode prefixed = subscribe(receiver.url() + "/prefixed", List.of("chat.*", "order.*"), null);
        assertEquals("[\"chat.message\"]", named.path("privateEventTypes").toString());
        assertEquals("[\"chat.message\"]", get("/api/webhooks/subscriptions/" + named.path("id").asText())
                .path("privateEventTypes").toString(), "the view says the subscription sends private messages");
        assertEquals("[]", prefixed.path("privateEventTypes").toString());

        publishChatTypingReadPresenceAndNotification();
        publishOrderAndImage();

        await().atMost(WAIT).until(() -> hits("/named").size() == 1);
        JsonNode message = Webhooks.JSON.readTree(hits("/named").get(0).body());
        assertEquals("chat.message", message.path("type").asText());
        assertEquals("meet me at noon", message.path("data").path("text").asText());
        await().atMost(WAIT).until(() -> deliveredTypes(all).size() >= 2
                && deliveredTypes(prefixed.path("id").asText()).size() >= 1);
        assertEquals(List.of("image.completed", "order.placed"), deliveredTypes(all));
        assertEquals(List.of("order.placed"), deliveredTypes(prefixed.path("id").asText()));
        assertEquals(List.of("chat.message"), deliveredTypes(named.path("id").asText()));
    }

    @Test
    void shouldRefuseToSubscribeToAnEphemeralTypeWith400NamingEventTypes() throws Exception {
        for (String ephemeral : List.of("chat.typing", "chat.read", "presence.changed")) {
            given().header("Authorization", admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url() + "/x", "eventTypes", List.of("order.*", ephemeral)))
                    .post("/api/webhooks/subscriptions").then().statusCode(400)
                    .body("error", equalTo("invalid_eventTypes")).body("detail", containsString(ephemeral));
        }
        String id = subscribe(receiver.url() + "/x", List.of("order.*"), null).path("id").asText();
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("eventTypes", List.of("presence.changed"))).patch("/api/webhooks/subscriptions/" + id)
                .then().statusCode(400).body("error", equalTo("invalid_eventTypes"));
        assertEquals("[\"order.*\"]", get("/api/webhooks/subscriptions/" + id).path("eventTypes").toString());
    }
}
