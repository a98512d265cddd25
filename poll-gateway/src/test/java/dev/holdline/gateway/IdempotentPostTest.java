package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.room;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

/**
 * Issue 27: a chat post whose confirm was lost (503) may have been delivered; its retry with the same
 * {@code Idempotency-Key} is the same event id, and the room shows it once.
 */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class IdempotentPostTest {

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    private static String send(String user, String room, String key, String text) {
        return given().header("Authorization", TestTokens.bearer(user)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("text", text)).post("/api/rooms/" + room + "/messages")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    private static List<String> texts(String room) {
        return poll("ida", "channel=room:" + room + "&timeout=1&cursor=c-1").getList("events.data.text");
    }

    private static List<String> history(String room) {
        return given().header("Authorization", TestTokens.bearer("ida")).get("/api/rooms/" + room + "/messages")
                .then().statusCode(200).extract().jsonPath().getList("messages.data.text");
    }

    @Test
    void shouldShowAMessageRetriedWithTheSameKeyOnceUnderOneId() {
        String room = room();
        String first = send("ivan", room, "key-1", "twice sent");
        String again = send("ivan", room, "key-1", "twice sent");
        String marker = send("ivan", room, "key-2", "after"); // read after the copy on the one stream

        assertEquals(first, again, "the retry answers the same id");
        assertNotEquals(first, marker);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> texts(room).contains("after"));
        assertEquals(List.of("twice sent", "after"), texts(room));
        assertEquals(List.of(first, marker),
                poll("ida", "channel=room:" + room + "&timeout=1&cursor=c-1").getList("events.id"));
        assertEquals(List.of("twice sent", "after"), history(room));
    }

    @Test
    void shouldShowTwoMessagesWithTwoKeys() {
        String room = room();
        String first = send("ivan", room, "a-key", "same text");
        String second = send("ivan", room, "b-key", "same text");

        assertNotEquals(first, second);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> texts(room).size() == 2);
        assertEquals(List.of("same text", "same text"), history(room));
    }

    @Test
    void shouldRefuseABadKeyNamingTheHeader() {
        for (String bad : List.of("has space", "x".repeat(65), "a.b")) {
            given().header("Authorization", TestTokens.bearer("ivan")).header("Idempotency-Key", bad)
                    .contentType(ContentType.JSON).body(Map.of("text", "hi")).post("/api/rooms/" + room() + "/messages")
                    .then().statusCode(400).body("error", equalTo("invalid_Idempotency-Key"))
                    .body("detail", containsString("Idempotency-Key"));
        }
    }
}
