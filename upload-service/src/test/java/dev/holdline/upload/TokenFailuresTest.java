package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad token is a 401 on the public and the internal API; the internal API takes service tokens
 * only (its own issuer, key and audience), and a user's token that claims the service role gets 403 there.
 */
@QuarkusTest
class TokenFailuresTest {

    @Test
    void shouldRefuseEveryBadTokenWith401OnThePublicAndInternalApi() {
        List<String> let = new ArrayList<>();
        for (Map.Entry<String, String> token : TestTokens.refused("mallory", Path.of("../dev-only/jwt/publicKey.pem"))
                .entrySet()) {
            int list = given().header("Authorization", token.getValue()).get("/api/images").statusCode();
            int internal = given().header("Authorization", token.getValue()).get("/internal/images/1").statusCode();
            if (list != 401 || internal != 401) {
                let.add(token.getKey() + ": /api/images " + list + ", /internal/images/1 " + internal);
            }
        }
        assertEquals(List.of(), let, "bad tokens that were not refused with 401");
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/images").then().statusCode(200);
    }

    @Test
    void shouldTakeServiceTokensOnlyFromTheServiceKeyForThisServiceAndOnlyOnTheInternalApi() {
        String service = TestTokens.service("thumbnail-worker", "upload-service");
        given().header("Authorization", service).get("/internal/images/0").then().statusCode(404);
        given().header("Authorization", service).get("/api/images").then().statusCode(401)
                .body("error", org.hamcrest.Matchers.equalTo("unauthorized"));

        // a user's token cannot grant itself the service role: that user, without it
        given().header("Authorization", TestTokens.bearer("mallory", "service")).get("/internal/images/0")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("mallory", "service", "admin")).get("/internal/images/0")
                .then().statusCode(403);

        List<String> let = new ArrayList<>();
        for (Map.Entry<String, String> token : TestTokens.refusedServiceTokens("thumbnail-worker", "upload-service")
                .entrySet()) {
            int internal = given().header("Authorization", token.getValue()).get("/internal/images/0").statusCode();
            if (internal != 401) {
                let.add(token.getKey() + ": /internal/images/0 " + internal);
            }
        }
        assertEquals(List.of(), let, "service tokens that were not refused with 401");
    }
}
