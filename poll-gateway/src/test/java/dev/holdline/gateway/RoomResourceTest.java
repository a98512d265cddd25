package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.room;
import static dev.holdline.gateway.GatewayCalls.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.gateway.rest.RoomResource;
import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/rooms/{room}/...} ({@code rest/RoomResource}): messages, typing, read receipts, history. */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class RoomResourceTest {

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    @Test
    void shouldKeepMessagesButNotTypingInHistory() {
        String room = room();
        String id = send("bob", room, "kept");
        given().header("Authorization", TestTokens.bearer("bob")).post("/api/rooms/" + room + "/typing")
                .then().statusCode(202);
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("messageId", id)).post("/api/rooms/" + room + "/read").then().statusCode(202);
        String start = "c-1";
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice",
                "channel=room:" + room + "&timeout=1&cursor=" + start).getList("events").size() == 3);
        // every event of the room is buffered and replayed to a poll from an older cursor, typing included
        assertEquals(List.of("chat.message", "chat.typing", "chat.read"),
                poll("alice", "channel=room:" + room + "&cursor=" + start).getList("events.type"));
        // the history holds the messages only
        given().header("Authorization", TestTokens.bearer("carol")).get("/api/rooms/" + room + "/messages")
                .then().statusCode(200).body("messages", hasSize(1)).body("messages[0].data.text", equalTo("kept"));
    }

    @Test
    void shouldAnswerTheHistoryWithACursorAPollResumesFromWithoutLosingAMessage() {
        String room = room();
        send("bob", room, "before");
        String cursor = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            var history = given().header("Authorization", TestTokens.bearer("carol"))
                    .get("/api/rooms/" + room + "/messages").then().statusCode(200).extract().jsonPath();
            return history.getList("messages").size() == 1 ? history.getString("cursor") : null;
        }, java.util.Objects::nonNull);
        send("bob", room, "after");

        // the web app shows the history, then polls from its cursor: the message sent in between arrives
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("carol",
                "channel=room:" + room + "&timeout=1&cursor=" + cursor).getList("events.data.text").contains("after"));
    }

    @Test
    void shouldRefuseAUserPastTheirTypingAllowanceWithRetryAfter() {
        String room = room();
        for (int i = 0; i < 3; i++) { // the test profile's burst (gateway.limits.typing-burst)
            given().header("Authorization", TestTokens.bearer("tina")).post("/api/rooms/" + room + "/typing")
                    .then().statusCode(202);
        }

        given().header("Authorization", TestTokens.bearer("tina")).post("/api/rooms/" + room + "/typing")
                .then().statusCode(429).body("error", equalTo("too_many_requests"))
                .header("Retry-After", notNullValue());
        given().header("Authorization", TestTokens.bearer("tom")).post("/api/rooms/" + room + "/typing")
                .then().statusCode(202);
    }

    @Test
    void shouldRejectBadInputWith400NamingTheField() {
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("text", "x".repeat(2001))).post("/api/rooms/lobby/messages")
                .then().statusCode(400).body("error", equalTo("invalid_text"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/rooms/lobby/messages?limit=101")
                .then().statusCode(400).body("error", equalTo("invalid_limit"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("text", " ")).post("/api/rooms/lobby/messages")
                .then().statusCode(400).body("error", equalTo("invalid_text")).body("detail", equalTo("text: required"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .post("/api/rooms/lobby/messages")
                .then().statusCode(400).body("error", equalTo("invalid_body"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("messageId", "not-an-id")).post("/api/rooms/lobby/read")
                .then().statusCode(400).body("error", equalTo("invalid_messageId"))
                .body("detail", equalTo("messageId: the id of a chat.message event is required"));
    }

    @Test
    void shouldShowTheBodyConstraintsInTheOpenApiDocument() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("components.schemas.NewMessage.properties.text.maxLength", equalTo(RoomResource.MAX_TEXT))
                .body("components.schemas.ReadReceipt.properties.messageId.pattern", equalTo("[0-9A-Z]{26}"))
                .body("components.schemas.Notification.properties.title.maxLength", equalTo(200));
    }
}
