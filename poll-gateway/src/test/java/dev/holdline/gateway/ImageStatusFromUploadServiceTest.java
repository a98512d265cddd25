package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Images this replica has seen no events for (older than its replay window): upload-service decides. */
@QuarkusTest
@TestProfile(WithUploadService.class)
class ImageStatusFromUploadServiceTest {

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    @Test
    void shouldAnswerAFinishedImageFromUploadServiceAtOnce() {
        int calls = WithUploadService.calls();
        long started = System.nanoTime();
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/images/" + WithUploadService.COMPLETED + "/status?wait=30")
                .then().statusCode(200).body("status", equalTo("COMPLETED")).body("timedOut", equalTo(false))
                .body("thumbnails[0].size", equalTo(128));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "answered without waiting");
        assertTrue(WithUploadService.calls() > calls, "upload-service was asked");
    }

    @Test
    void shouldWaitOnAnUnfinishedImageAndTimeOutWithItsStatus() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/images/" + WithUploadService.PROCESSING + "/status?wait=1")
                .then().statusCode(200).body("status", equalTo("PROCESSING")).body("timedOut", equalTo(true));
    }

    @Test
    void shouldAnswerWhatUploadServiceSaysWhenAWaitEndsWithoutAnEvent() throws Exception {
        long id = WithUploadService.FINISHED_UNHEARD;
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/status?wait=3")
                .then().statusCode(200).extract().jsonPath());
        await().atMost(Duration.ofSeconds(10)).until(() -> GatewayCalls.parkedOn("image:" + id) > 0);

        WithUploadService.finishUnheard(); // no image.completed event: the gateway never hears of it

        JsonPath status = waiting.get(20, TimeUnit.SECONDS);
        assertEquals("COMPLETED", status.getString("status"));
        assertFalse(status.getBoolean("timedOut"));
    }

    @Test
    void shouldRefuseSomeoneElsesImageAsUploadServiceDoes() {
        given().header("Authorization", TestTokens.bearer("mallory"))
                .get("/api/images/" + WithUploadService.COMPLETED + "/status?wait=1")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", TestTokens.bearer("mallory"))
                .get("/api/poll?timeout=1&channel=image:" + WithUploadService.COMPLETED)
                .then().statusCode(403).body("error", equalTo("forbidden"));
    }

    @Test
    void shouldLetTheOwnerPollTheImageChannel() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/poll?timeout=1&channel=image:" + WithUploadService.PROCESSING)
                .then().statusCode(200).body("timedOut", equalTo(true));
    }

    @Test
    void shouldSay503WhenUploadServiceFails() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/images/" + WithUploadService.BROKEN + "/status?wait=1")
                .then().statusCode(503).body("error", equalTo("upstream_unavailable"));
        given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/poll?timeout=1&channel=image:" + WithUploadService.BROKEN)
                .then().statusCode(503).body("error", equalTo("upstream_unavailable"));
    }
}
