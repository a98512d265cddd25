package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A score retried with its Idempotency-Key (after a timeout, say) is answered, not applied again. */
@QuarkusTest
class ScoreIdempotencyTest {

    private static Response post(String board, String player, String key, Object score) {
        var request = given().header("Authorization", TestTokens.bearer(player)).contentType(ContentType.JSON)
                .body(Map.of("score", score));
        return (key == null ? request : request.header("Idempotency-Key", key))
                .post("/api/leaderboards/" + board + "/scores");
    }

    private static float scoreOf(String board, String player) {
        return given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/" + board + "/players/" + player).then().statusCode(200)
                .extract().path("player.score");
    }

    @Test
    void shouldCountAnIncrementOnceWhenRetriedWithTheSameKey() {
        String board = Boards.create("DESC", "INCREMENT", null);
        String key = UUID.randomUUID().toString();
        post(board, "alice", key, 5).then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("score", equalTo(5.0f));
        post(board, "alice", key, 5).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("score", equalTo(5.0f)).body("rank", equalTo(1)).body("improved", equalTo(true));
        assertEquals(5.0f, scoreOf(board, "alice"));

        post(board, "alice", null, 5).then().statusCode(200).body("score", equalTo(10.0f));
        post(board, "alice", key, 5).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("score", equalTo(5.0f)); // what the first call left
        post(board, "bob", key, 7).then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("score", equalTo(7.0f)); // keys are per player
        assertEquals(10.0f, scoreOf(board, "alice"));
    }

    @Test
    void shouldRefuseTheKeyWithAnotherScore() {
        String board = Boards.create("DESC", "INCREMENT", null);
        String key = UUID.randomUUID().toString();
        post(board, "alice", key, 5).then().statusCode(200);
        post(board, "alice", key, 6).then().statusCode(422).body("error", equalTo("idempotency_key_reused"));
        assertEquals(5.0f, scoreOf(board, "alice"));
    }

    @Test
    void shouldCountConcurrentRetriesOnce() throws Exception {
        String board = Boards.create("DESC", "INCREMENT", null);
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> post(board, "carol", key, 3)));
            }
            int applied = 0;
            for (Future<Response> call : calls) {
                Response response = call.get();
                assertEquals(200, response.statusCode(), response.asString());
                assertEquals(3.0f, response.<Float>path("score"));
                applied += response.header("Idempotent-Replayed") == null ? 1 : 0;
            }
            assertEquals(1, applied);
            assertEquals(3.0f, scoreOf(board, "carol"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswerARetryOfARemovedEntryWithoutApplyingIt() {
        String board = Boards.create("DESC", "INCREMENT", null);
        String key = UUID.randomUUID().toString();
        post(board, "dora", key, 5).then().statusCode(200);
        given().header("Authorization", TestTokens.bearer("dora")).delete("/api/leaderboards/" + board
                + "/players/dora").then().statusCode(204);

        post(board, "dora", key, 5).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("score", equalTo(5.0f)).body("rank", equalTo(0)); // removed since: no rank
        given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/" + board + "/players/dora").then().statusCode(404);
    }

    @Test
    void shouldRefuseAMalformedKey() {
        String board = Boards.create("DESC", "INCREMENT", null);
        post(board, "alice", "has space", 1).then().statusCode(400)
                .body("error", equalTo("invalid_Idempotency-Key"));
        post(board, "alice", "k".repeat(129), 1).then().statusCode(400)
                .body("error", equalTo("invalid_Idempotency-Key"));
        post(board, "alice", null, 1).then().statusCode(200).body("score", equalTo(1.0f));
    }
}
