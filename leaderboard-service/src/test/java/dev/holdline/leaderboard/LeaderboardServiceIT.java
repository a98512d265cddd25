package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The smoke test of the packaged service: it starts, is ready, and ranks a posted score. */
@QuarkusIntegrationTest
class LeaderboardServiceIT {

    @Test
    void shouldStartReadyAndRankAPostedScore() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        String player = "smoke" + System.nanoTime();
        given().header("Authorization", TestTokens.bearer(player)).contentType(ContentType.JSON)
                .body(Map.of("score", 42)).post("/api/leaderboards/global/scores").then().statusCode(200);
        given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/global/players/" + player).then().statusCode(200)
                .body("player.player", equalTo(player));
    }
}
