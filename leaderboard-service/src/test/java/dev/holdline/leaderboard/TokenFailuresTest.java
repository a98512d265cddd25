package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of bad token, and a service token, is a 401 on the boards, the scores, the tickets and the orders. */
@QuarkusTest
class TokenFailuresTest {

    @Test
    void shouldRefuseEveryBadTokenWith401() {
        List<String> let = new ArrayList<>();
        for (Map.Entry<String, String> token : TestTokens.refusedOnPublicApi("leaderboard-service").entrySet()) {
            int boards = given().header("Authorization", token.getValue()).get("/api/leaderboards").statusCode();
            int score = given().header("Authorization", token.getValue()).contentType(ContentType.JSON)
                    .body(Map.of("score", 1)).post("/api/leaderboards/global/scores").statusCode();
            int ticket = given().header("Authorization", token.getValue()).post("/api/ws-tickets").statusCode();
            int orders = given().header("Authorization", token.getValue()).get("/api/orders").statusCode();
            if (boards != 401 || score != 401 || ticket != 401 || orders != 401) {
                let.add(token.getKey() + ": boards " + boards + ", score " + score + ", ticket " + ticket
                        + ", orders " + orders);
            }
        }
        assertEquals(List.of(), let, "bad tokens that were not refused with 401");
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/orders").then().statusCode(200);
    }
}
