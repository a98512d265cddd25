package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.holdline.events.EventTypes;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TcpProxy;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL away (every connection cut, new ones refused) and back: uploads are refused with 503 and
 * Retry-After meanwhile, never a 500 and never accepted without being stored; the service is not ready but
 * stays live, and it recovers by itself: no restart.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void shouldAnswer503WhilePostgresIsAwayAndRecoverByItself() {
        TcpProxy database = HoldlineTestResource.pgProxy();
        String user = "outage-" + System.nanoTime();
        database.cut();
        try {
            given().header("Authorization", TestTokens.bearer(user))
                    .multiPart("image", "a.jpg", TestImages.jpeg(64, 48), "image/jpeg")
                    .when().post("/api/images")
                    .then().statusCode(503).header("Retry-After", notNullValue()).body("error", equalTo("unavailable"));
            given().header("Authorization", TestTokens.bearer(user)).get("/api/images")
                    .then().statusCode(503).header("Retry-After", notNullValue());
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            database.restore();
        }
        try (EventProbe probe = EventProbe.listen(EventTypes.IMAGE_UPLOADED)) {
            long[] id = { -1 };
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                var answer = given().header("Authorization", TestTokens.bearer(user))
                        .multiPart("image", "b.jpg", TestImages.jpeg(64, 48), "image/jpeg").post("/api/images");
                if (answer.statusCode() == 202) {
                    id[0] = answer.jsonPath().getLong("id");
                }
                return id[0] > 0;
            });
            given().get("/q/health/ready").then().statusCode(200);
            given().header("Authorization", TestTokens.bearer(user)).get("/api/images")
                    .then().statusCode(200).body("total", equalTo(1));
            probe.await(m -> m.body().contains("\"imageId\":" + id[0] + ","), Duration.ofSeconds(20));
        }
    }
}
