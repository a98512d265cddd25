package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad token is a 401, on the poll route (which checks tokens ahead of Quarkus's security, with its
 * own cache of verified tokens) and on the REST resources alike.
 */
@QuarkusTest
class TokenFailuresTest {

    @Test
    void shouldRefuseEveryBadTokenWith401OnThePollRouteAndTheRestResources() {
        List<String> let = new ArrayList<>();
        // including a valid service token, even one meant for this service: those are for internal APIs only
        for (Map.Entry<String, String> token : TestTokens.refusedOnPublicApi("poll-gateway").entrySet()) {
            int poll = given().header("Authorization", token.getValue())
                    .get("/api/poll?channel=user:mallory&timeout=1").statusCode();
            int chat = given().header("Authorization", token.getValue()).contentType(ContentType.JSON)
                    .body(Map.of("text", "hi")).post("/api/rooms/tokens/messages").statusCode();
            int stats = given().header("Authorization", token.getValue()).get("/api/poll/stats").statusCode();
            if (poll != 401 || chat != 401 || stats != 401) {
                let.add(token.getKey() + ": poll " + poll + ", chat " + chat + ", stats " + stats);
            }
        }
        assertEquals(List.of(), let, "bad tokens that were not refused with 401");
        // the genuine one works, so the refusals above are about the tokens
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/poll?channel=user:mallory&timeout=1")
                .then().statusCode(200);
    }
}
