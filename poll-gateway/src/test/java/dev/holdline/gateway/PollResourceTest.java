package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.parkedOn;
import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.room;
import static dev.holdline.gateway.GatewayCalls.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The poll calls other than the poll ({@code rest/PollResource}): stats, disconnect and the cursor for now. */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class PollResourceTest {

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    @Test
    void shouldShowParkedPollsAndBuffersToAdminsOnly() throws Exception {
        String room = room();
        send("bob", room, "held");
        String poller = "poller-" + room; // a user of this test only: what is parked for them is this poll
        CompletableFuture<HttpResponse<String>> waiting = GatewayCalls.pollAsync(base, poller,
                "channel=room:" + room + "&timeout=60");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parkedOn("room:" + room) == 1);

        given().header("Authorization", TestTokens.bearer("ops", "admin")).get("/api/poll/stats")
                .then().statusCode(200).body("caughtUp", equalTo(true))
                .body("parkedPolls", greaterThanOrEqualTo(1)).body("waiters", greaterThanOrEqualTo(1))
                .body("bufferedEvents", greaterThanOrEqualTo(1)).body("bufferedBytes", greaterThanOrEqualTo(1))
                .body("channels", greaterThanOrEqualTo(1)).body("streamOffset", greaterThanOrEqualTo(0))
                .body("firstOffset", greaterThanOrEqualTo(0));
        given().header("Authorization", TestTokens.bearer("ops", "admin")).get("/api/poll/stats?user=" + poller)
                .then().statusCode(200).body("parkedPollsOfUser", equalTo(1));
        given().header("Authorization", TestTokens.bearer("ops", "admin")).get("/api/poll/stats?user=nobody")
                .then().statusCode(200).body("parkedPollsOfUser", equalTo(0));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll/stats").then().statusCode(403);
        given().get("/api/poll/stats").then().statusCode(401);

        send("bob", room, "release");
        assertEquals(200, waiting.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void shouldAnswerACursorForNowThatAPollResumesFromWithoutLosingAnEvent() {
        String room = room();
        String cursor = given().header("Authorization", TestTokens.bearer("carol")).get("/api/poll/cursor")
                .then().statusCode(200).extract().jsonPath().getString("cursor");
        // a snapshot would be read here; then the poll from the cursor brings what was published since
        send("bob", room, "since");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("carol",
                "channel=room:" + room + "&timeout=1&cursor=" + cursor).getList("events.data.text").contains("since"));
        given().get("/api/poll/cursor").then().statusCode(401);
    }

    @Test
    void shouldAnswerADisconnectWithTheUser() {
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/poll/disconnect")
                .then().statusCode(200).body("status", equalTo("disconnected")).body("user", equalTo("alice"));
        given().post("/api/poll/disconnect").then().statusCode(401);
    }
}
