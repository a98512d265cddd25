package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/notifications} ({@code rest/NotificationResource}). */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class NotificationResourceTest {

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    @Test
    void shouldNotifyOneUserOnlyFromAnAdmin() {
        String now = poll("dora", "channel=user:dora&channel=broadcast&timeout=1").getString("cursor");
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("to", "user:dora", "title", "hi")).post("/api/notifications").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("ops", "admin")).contentType(ContentType.JSON)
                .body(Map.of("to", "user:dora", "title", "Your order shipped")).post("/api/notifications")
                .then().statusCode(202);
        JsonPath got = poll("dora", "channel=user:dora&channel=broadcast&timeout=10&cursor=" + now);
        assertEquals("Your order shipped", got.getString("events[0].data.title"));
        given().header("Authorization", TestTokens.bearer("erin")).get("/api/poll?timeout=1&channel=user:erin&cursor="
                + now).then().statusCode(200).body("events", empty());
    }

    @Test
    void shouldRejectBadNotificationsWith400NamingTheFieldAndStrangersWith403First() {
        String admin = TestTokens.bearer("ops", "admin");
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("to", "user:dora", "title", "x".repeat(201))).post("/api/notifications")
                .then().statusCode(400).body("error", equalTo("invalid_title"))
                .body("detail", equalTo("title: 1 to 200 characters"));
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("title", "hi")).post("/api/notifications")
                .then().statusCode(400).body("error", equalTo("invalid_to"));
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("to", "room:lobby", "title", "hi")).post("/api/notifications")
                .then().statusCode(400).body("error", equalTo("invalid_to"));
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("to", "broadcast", "title", "hi", "body", "x".repeat(2001))).post("/api/notifications")
                .then().statusCode(400).body("detail", equalTo("body: at most 2000 characters"));
        given().header("Authorization", admin).contentType(ContentType.JSON).post("/api/notifications")
                .then().statusCode(400).body("error", equalTo("invalid_body"));
        // the role is checked before the body: a stranger learns nothing of what a valid body is
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("title", "x".repeat(201))).post("/api/notifications").then().statusCode(403);
    }
}
