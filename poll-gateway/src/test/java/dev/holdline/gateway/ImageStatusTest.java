package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(WithoutPresence.class)
class ImageStatusTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 7_000_000_000L);

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    private static long pendingImage(EventProbe broker) {
        long id = IDS.incrementAndGet();
        broker.publish(GatewayCalls.imageEvent(EventTypes.IMAGE_UPLOADED, id, ImageStatus.PENDING));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given()
                .header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/status?wait=1")
                .statusCode() == 200);
        return id;
    }

    /** A status call parked on a pending image, answered by {@code type} with {@code status}. */
    private static JsonPath answerTo(EventProbe broker, long id, String type, ImageStatus status) throws Exception {
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/status?wait=30")
                .then().statusCode(200).extract().jsonPath());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> GatewayCalls.parkedOn("image:" + id) == 1);
        broker.publish(GatewayCalls.imageEvent(type, id, status));
        return waiting.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerWhenTheImageCompletes() throws Exception {
        try (EventProbe broker = EventProbe.listen("none")) {
            long id = pendingImage(broker);
            JsonPath answer = answerTo(broker, id, EventTypes.IMAGE_COMPLETED, ImageStatus.COMPLETED);
            assertEquals("COMPLETED", answer.getString("status"));
            assertEquals(false, answer.getBoolean("timedOut"));
            // already final: answered at once
            given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/status?wait=30")
                    .then().statusCode(200).body("status", equalTo("COMPLETED"));
        }
    }

    @Test
    void shouldAnswerWhenTheImageIsDeleted() throws Exception {
        try (EventProbe broker = EventProbe.listen("none")) {
            long id = pendingImage(broker);
            JsonPath answer = answerTo(broker, id, EventTypes.IMAGE_DELETED, ImageStatus.DELETED);
            assertEquals("DELETED", answer.getString("status"));
            assertEquals(false, answer.getBoolean("timedOut"));
        }
    }

    @Test
    void shouldAnswerTimedOutWithTheCurrentStatus() {
        try (EventProbe broker = EventProbe.listen("none")) {
            long id = pendingImage(broker);
            given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/status?wait=1")
                    .then().statusCode(200).body("status", equalTo("PENDING")).body("timedOut", equalTo(true));
            given().header("Authorization", TestTokens.bearer("mallory")).get("/api/images/" + id + "/status")
                    .then().statusCode(403);
            given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/status?wait=99")
                    .then().statusCode(400).body("error", equalTo("invalid_wait"));
        }
    }
}
