package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The smoke test of the packaged gateway: it starts, is ready, and has caught up with its stream. */
@QuarkusIntegrationTest
class PollGatewayIT {

    @Test
    void shouldStartReadyAndCatchUpWithTheStream() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().header("Authorization", TestTokens.bearer("ops", "admin")).get("/api/poll/stats")
                .then().statusCode(200).body("caughtUp", equalTo(true));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll/stats").then().statusCode(403);
    }
}
