package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class SubscriptionResourceTest {

    private static final String RECEIVER = "http://127.0.0.1:9/hook";

    private static String create(Map<String, Object> body) {
        return given().header("Authorization", admin()).contentType(ContentType.JSON).body(body)
                .post("/api/webhooks/subscriptions").then().statusCode(201)
                .body("secret", startsWith("whsec_")).extract().path("id");
    }

    @Test
    void shouldCreateReadUpdatePauseResumeAndDeleteASubscription() {
        String id = create(Map.of("url", RECEIVER, "eventTypes", List.of("order.*", "image.completed"),
                "description", "analytics", "headers", Map.of("X-Api-Key", "k1")));

        given().header("Authorization", admin()).get("/api/webhooks/subscriptions/" + id).then().statusCode(200)
                .body("url", equalTo(RECEIVER)).body("eventTypes", equalTo(List.of("order.*", "image.completed")))
                .body("headers.x-api-key", equalTo("k1")).body("status", equalTo("ACTIVE"))
                .body("naming", equalTo("HOLDLINE")).body("secret", nullValue());
        given().header("Authorization", admin()).get("/api/webhooks/subscriptions").then().statusCode(200)
                .body("id", hasItem(id));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("description", "changed", "naming", "seed"))
                .patch("/api/webhooks/subscriptions/" + id).then().statusCode(200)
                .body("description", equalTo("changed")).body("naming", equalTo("SEED"))
                .body("url", equalTo(RECEIVER));
        given().header("Authorization", admin()).post("/api/webhooks/subscriptions/" + id + "/pause").then()
                .statusCode(200).body("status", equalTo("PAUSED"));
        given().header("Authorization", admin()).post("/api/webhooks/subscriptions/" + id + "/resume").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        given().header("Authorization", admin()).delete("/api/webhooks/subscriptions/" + id).then().statusCode(204);
        given().header("Authorization", admin()).get("/api/webhooks/subscriptions/" + id).then().statusCode(404)
                .body("error", equalTo("not_found"));
    }

    /** Every one of these is refused when the subscription is made (the test profile allows 127.0.0.1 only). */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.2/", "http://2130706434/", "http://0177.0.0.2/", "http://[::1]/",
            "http://[::ffff:127.0.0.2]/", "http://169.254.169.254/latest/", "http://[fd00:ec2::254]/",
            "http://10.0.0.1/", "http://192.168.0.1/", "http://100.64.0.1/", "http://[64:ff9b::a00:1]/",
            "http://[2002:a00:1::]/", "http://224.0.0.1/", "http://192.0.2.1/", "http://user:pw@127.0.0.1/",
            "ftp://127.0.0.1/", "http://no-such-host.invalid/"})
    void shouldRefuseDestinationsThatAreNotAllowed(String url) {
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "eventTypes", List.of("*")))
                .post("/api/webhooks/subscriptions").then().statusCode(400)
                .body("error", equalTo("invalid_url")).body("detail", notNullValue());
    }

    @Test
    void shouldRefuseBadFieldsNamingEach() {
        String tooLong = "http://127.0.0.1/" + "a".repeat(2048);
        given().header("Authorization", admin()).contentType(ContentType.JSON).body(Map.of("url", tooLong))
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_url"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("url", RECEIVER, "eventTypes", List.of("order.*.x")))
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_eventTypes"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("url", RECEIVER, "headers", Map.of("Webhook-Signature", "forged")))
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_headers"))
                .body("detail", containsString("cannot be overridden"));
        for (String alias : List.of("webhook_signature", "Content_Type", "content-md5", "Proxy-Authorization")) {
            given().header("Authorization", admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", RECEIVER, "headers", Map.of(alias, "x")))
                    .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_headers"));
        }
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("url", RECEIVER, "headers", Map.of("Host", "elsewhere")))
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_headers"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("url", RECEIVER, "headers", Map.of("X-Split", "a\r\nInjected: 1")))
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_headers"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .body(Map.of("url", RECEIVER, "naming", "other"))
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_naming"));
        given().header("Authorization", admin()).contentType(ContentType.JSON).body("{\"url\": [1, 2")
                .post("/api/webhooks/subscriptions").then().statusCode(400);
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .post("/api/webhooks/subscriptions").then().statusCode(400).body("error", equalTo("invalid_body"))
                .body("detail", equalTo("body: a JSON object is expected"));
        given().header("Authorization", admin()).contentType(ContentType.JSON)
                .patch("/api/webhooks/subscriptions/" + create(Map.of("url", RECEIVER)))
                .then().statusCode(400).body("error", equalTo("invalid_body"));
        given().header("Authorization", admin()).queryParam("since", "yesterday")
                .post("/api/webhooks/subscriptions/" + create(Map.of("url", RECEIVER)) + "/recover")
                .then().statusCode(400).body("error", equalTo("invalid_since"));
        given().header("Authorization", admin()).get("/api/webhooks/deliveries?status=LOST").then().statusCode(400)
                .body("error", equalTo("invalid_status"));
        given().header("Authorization", admin()).get("/api/webhooks/deliveries?limit=0").then().statusCode(400)
                .body("error", equalTo("invalid_limit"));
    }

    @Test
    void shouldAnswerOnlyAdmins() {
        given().get("/api/webhooks/subscriptions").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("ann", "player")).get("/api/webhooks/subscriptions")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("ann", "player")).get("/api/webhooks/deliveries")
                .then().statusCode(403);
    }

    @Test
    void shouldCreateTheSubscriptionsWrittenInConfiguration() {
        given().header("Authorization", admin()).get("/api/webhooks/subscriptions").then().statusCode(200)
                .body("find { it.configName == 'analytics' }.url", equalTo("http://127.0.0.1:9/analytics"))
                .body("find { it.configName == 'analytics' }.naming", equalTo("SEED"))
                .body("find { it.configName == 'analytics' }.eventTypes", equalTo(List.of("order.*", "image.completed")));
    }
}
