package dev.holdline.webhooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The smoke test of the packaged service: it starts, is ready, and lists its subscriptions to an operator. */
@QuarkusIntegrationTest
class WebhookDispatcherIT {

    @Test
    void shouldStartReadyAndListSubscriptions() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().header("Authorization", Webhooks.admin()).get("/api/webhooks/subscriptions").then().statusCode(200)
                .body("$", notNullValue());
        given().get("/api/webhooks/subscriptions").then().statusCode(401);
    }
}
