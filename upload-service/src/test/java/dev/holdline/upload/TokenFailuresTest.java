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

/** Every kind of bad token is a 401 on the public and the internal API. */
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
}
