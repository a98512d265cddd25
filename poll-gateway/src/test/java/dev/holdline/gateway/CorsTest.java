package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CORS for pages on other origins (the client with a {@code baseUrl}): the origins set in
 * {@code QUARKUS_HTTP_CORS_ORIGINS} (with {@code QUARKUS_HTTP_CORS_ENABLED=true}) may poll, send the client's
 * headers and read Retry-After; another origin may not. {@link CorsOffTest}: none by default.
 */
@QuarkusTest
@TestProfile(CorsTest.WithOrigins.class)
class CorsTest {

    private static final String APP = "https://app.example.com";

    /** CORS as an operator turns it on for one origin. */
    public static class WithOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", APP,
                    "gateway.presence.enabled", "false");
        }
    }

    @Test
    void shouldLetAConfiguredOriginSendThePollsHeaders() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,holdline-protocol")
                .options("/api/poll")
                .then().statusCode(200).header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Holdline-Protocol"));
    }

    @Test
    void shouldLetAConfiguredOriginReadRetryAfter() {
        given().header("Origin", APP).get("/api/poll?channel=room:a")
                .then().statusCode(401).header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
    }

    @Test
    void shouldRefuseAnotherOrigin() {
        given().header("Origin", "https://elsewhere.example.com").header("Access-Control-Request-Method", "POST")
                .options("/api/poll")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldStillServeTheClientToItsOwnOrigin() {
        given().get("/client/holdline.js").then().statusCode(200)
                .body(containsString("export class HoldlineClient")).header("Access-Control-Allow-Origin", nullValue());
        given().get("/client/holdline.d.ts").then().statusCode(equalTo(200));
    }
}
