package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each user's originals have a byte quota: past it an upload is a 413, and deleting images makes room again. */
@QuarkusTest
@TestProfile(QuotaTest.SmallQuota.class)
class QuotaTest {

    public static class SmallQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upload.quota-bytes", "100000");
        }
    }

    private static Response upload(String user, byte[] image) {
        return given().header("Authorization", TestTokens.bearer(user))
                .multiPart("image", "q.jpg", image, "application/octet-stream").post("/api/images");
    }

    @Test
    void shouldRefuseAnUploadPastTheUsersQuotaAndTakeItOnceAnImageIsDeleted() {
        String user = "quota" + System.nanoTime();
        byte[] image = TestImages.jpeg(600, 400);
        assertTrue(image.length < 50000, "at least two test images of " + image.length + " bytes fit");
        List<Long> accepted = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i <= 100000 / image.length; i++) {
            Response answer = upload(user, image);
            if (answer.statusCode() != 202) {
                refused = answer;
                break;
            }
            accepted.add(answer.jsonPath().getLong("id"));
        }
        assertTrue(refused != null, "the quota refused an upload");
        refused.then().statusCode(413).body("error", equalTo("quota_exceeded"));
        assertTrue(accepted.size() * (long) image.length <= 100000, "what was accepted fits the quota");
        upload("someone-else" + System.nanoTime(), image).then().statusCode(202); // a quota of one's own

        long first = accepted.get(0);
        given().header("Authorization", TestTokens.bearer("mallory")).delete("/api/images/" + first)
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(user)).delete("/api/images/" + first).then().statusCode(204);
        given().header("Authorization", TestTokens.bearer(user)).get("/api/images/" + first).then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(user)).get("/api/images/" + first + "/original")
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(user)).delete("/api/images/" + first).then().statusCode(404);
        upload(user, image).then().statusCode(202);
    }
}
