package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** By default no other origin is allowed: a browser page elsewhere gets no CORS headers, so cannot read answers. */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class CorsOffTest {

    @Test
    void shouldAllowNoOtherOriginByDefault() {
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .options("/api/poll")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://app.example.com").get("/api/poll?channel=room:a")
                .then().statusCode(401).header("Access-Control-Allow-Origin", nullValue());
    }
}
