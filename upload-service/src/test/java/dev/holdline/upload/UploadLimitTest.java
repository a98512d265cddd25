package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user past their upload allowance is told when to try again; others are not held back. */
@QuarkusTest
@TestProfile(UploadLimitTest.TwoAtOnce.class)
class UploadLimitTest {

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upload.uploads-burst", "2", "upload.uploads-per-minute", "1");
        }
    }

    @Test
    void shouldRefuseUploadsPastTheAllowanceWithRetryAfter() {
        byte[] jpeg = TestImages.jpeg(64, 48);
        ImageResourceTest.upload("uma", jpeg, "a.jpg");
        ImageResourceTest.upload("uma", jpeg, "b.jpg");

        given().header("Authorization", TestTokens.bearer("uma"))
                .multiPart("image", "c.jpg", jpeg, "image/jpeg").post("/api/images")
                .then().statusCode(429).body("error", equalTo("too_many_requests"))
                .header("Retry-After", notNullValue());
        ImageResourceTest.upload("vic", jpeg, "d.jpg");
    }
}
