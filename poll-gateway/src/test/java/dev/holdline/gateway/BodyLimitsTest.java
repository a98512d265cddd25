package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The service has a body limit (64K), and each POST a smaller one of its own ({@code gateway.body.*}): over it, a JSON 413 before the body is read. */
@QuarkusTest
class BodyLimitsTest {

    private static String text(int characters) {
        return "{\"text\":\"" + "x".repeat(characters) + "\"}";
    }

    @Test
    void shouldRefuseAChatMessageOverItsLimitWith413() {
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(text(20_000)).post("/api/rooms/limits/messages")
                .then().statusCode(413).contentType(ContentType.JSON).body("error", equalTo("too_large"))
                .body("detail", equalTo("a chat message is at most 16384 bytes"));
        // under the limit, the message's own check answers (2000 characters at most)
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(text(3000)).post("/api/rooms/limits/messages")
                .then().statusCode(400).body("error", equalTo("invalid_text"));
    }

    @Test
    void shouldRefuseABodyOverTheServicesLimitWithAJson413() {
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(text(70_000)).post("/api/poll/stats")
                .then().statusCode(413).contentType(ContentType.JSON).body("error", equalTo("too_large"))
                .body("detail", equalTo("a request body is at most 65536 bytes here"));
    }

    @Test
    void shouldRefuseANotificationAPollAndATypingBodyOverTheirLimitsWith413() {
        given().header("Authorization", TestTokens.bearer("ops", "admin")).contentType(ContentType.JSON)
                .body(text(20_000)).post("/api/notifications")
                .then().statusCode(413).body("detail", equalTo("a notification is at most 16384 bytes"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body("{\"channels\":[\"broadcast\"],\"pad\":\"" + "x".repeat(20_000) + "\"}").post("/api/poll")
                .then().statusCode(413).body("error", equalTo("too_large"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(text(5000)).post("/api/rooms/limits/typing")
                .then().statusCode(413).body("error", equalTo("too_large"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(text(100)).post("/api/rooms/limits/typing")
                .then().statusCode(not(equalTo(413)));
    }
}
