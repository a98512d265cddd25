package dev.holdline.leaderboard;

import static dev.holdline.leaderboard.Boards.ADMIN;
import static dev.holdline.leaderboard.Boards.create;
import static dev.holdline.leaderboard.Boards.post;
import static dev.holdline.leaderboard.Boards.top;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeaderboardResourceTest {

    @Test
    void shouldKeepTheBestScoreAndRankEqualScoresEarlierFirst() {
        String board = create("desc", "best", null);
        post(board, "alice", 10).statusCode(200).body("rank", equalTo(1)).body("improved", equalTo(true));
        post(board, "bob", 20).statusCode(200).body("rank", equalTo(1));
        post(board, "carol", 20).statusCode(200).body("rank", equalTo(2));
        post(board, "alice", 5).statusCode(200).body("score", equalTo(10.0f)).body("improved", equalTo(false))
                .body("rank", equalTo(3));

        top(board, "").statusCode(200).body("entries.player", contains("bob", "carol", "alice"))
                .body("entries.rank", contains(1, 2, 3));
    }

    @Test
    void shouldRankLowerFirstOnAnAscendingBoardAndReplaceWithSet() {
        String board = create("asc", "set", null);
        post(board, "slow", 61.5).statusCode(200);
        post(board, "fast", 42.25).statusCode(200).body("rank", equalTo(1));
        post(board, "fast", 70).statusCode(200).body("score", equalTo(70.0f)).body("rank", equalTo(2));

        top(board, "").body("entries.player", contains("slow", "fast"));
    }

    @Test
    void shouldAddWithIncrementAndRefuseATotalOutOfRange() {
        String board = create("desc", "increment", null);
        post(board, "alice", 5).statusCode(200);
        post(board, "alice", 7).statusCode(200).body("score", equalTo(12.0f));
        post(board, "alice", 1e15).statusCode(400).body("error", equalTo("invalid_score"));
        top(board, "").body("entries[0].score", equalTo(12.0f));
    }

    @Test
    void shouldApplyEveryIncrementOnceWhenConcurrentScoresShareTransactions() throws Exception {
        String board = create("desc", "increment", null);
        int players = 16; // 50 posts each: within a player's allowance (leaderboard.limits.scores-burst)
        int writers = 32;
        int each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<List<Float>>> totals = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String player = board + "-p" + (w % players);
                totals.add(pool.submit(() -> {
                    List<Float> seen = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seen.add(post(board, player, 1).statusCode(200).extract().path("score"));
                    }
                    return seen;
                }));
            }
            Map<String, java.util.Set<Float>> seenBy = new java.util.HashMap<>();
            for (int w = 0; w < writers; w++) {
                seenBy.computeIfAbsent(board + "-p" + (w % players), p -> new java.util.HashSet<>()).addAll(totals.get(w).get());
            }
            int perPlayer = writers / players * each;
            for (Map.Entry<String, java.util.Set<Float>> player : seenBy.entrySet()) {
                assertEquals(perPlayer, player.getValue().size(),
                        player.getKey() + ": every increment answered a total of its own (none lost, none twice)");
            }
            top(board, "").body("entries.score", org.hamcrest.Matchers.everyItem(equalTo((float) perPlayer)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNameEachEntryFromItsPlayersTokenWhenScoresShareTransactions() throws Exception {
        String board = create("desc", "set", null);
        int players = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int p = 0; p < players; p++) {
                int player = p;
                done.add(pool.submit(() -> {
                    given().header("Authorization", Boards.bearerNamed("n" + player, "Name " + player))
                            .contentType(ContentType.JSON).body(Map.of("score", player))
                            .when().post("/api/leaderboards/" + board + "/scores").then().statusCode(200)
                            .body("name", equalTo("Name " + player));
                    post(board, "n" + player, player + 100).statusCode(200).body("name", equalTo("Name " + player));
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> entries = top(board, "limit=100").statusCode(200).extract().path("entries");
        assertEquals(players, entries.size());
        for (Map<String, Object> entry : entries) {
            int player = Integer.parseInt(((String) entry.get("player")).substring(1));
            assertEquals("Name " + player, entry.get("name"), "an entry keeps the name it was created with");
            assertEquals(player + 100.0, ((Number) entry.get("score")).doubleValue());
        }
    }

    @Test
    void shouldPageAndShowAPlayersNeighboursAtTheEdges() {
        String board = create("desc", "best", null);
        for (int i = 1; i <= 12; i++) {
            post(board, "p" + i, i * 10).statusCode(200);
        }
        top(board, "limit=5").body("entries.player", contains("p12", "p11", "p10", "p9", "p8"));
        top(board, "limit=5&after=10").body("entries.player", contains("p2", "p1"))
                .body("entries.rank", contains(11, 12));
        given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/" + board + "/players/p12?around=2").then().statusCode(200)
                .body("player.rank", equalTo(1)).body("entries.player", contains("p12", "p11", "p10"));
        given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/" + board + "/players/p1?around=2").then().statusCode(200)
                .body("player.rank", equalTo(12)).body("entries.player", contains("p3", "p2", "p1"));
        given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/" + board + "/players/nobody").then().statusCode(404);
    }

    @Test
    void shouldSeedTheSeedsTenPlayersForAdminsOnly() {
        String board = create("desc", "best", null);
        post(board, "alice", 500).statusCode(200);
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/leaderboards/" + board + "/seed")
                .then().statusCode(403);

        given().header("Authorization", ADMIN).post("/api/leaderboards/" + board + "/seed").then().statusCode(200)
                .body("entries", hasSize(10)).body("entries[0].name", equalTo("Player 1"))
                .body("entries[0].score", equalTo(100.0f)).body("entries[9].score", equalTo(10.0f));
        top(board, "limit=100").body("entries", hasSize(10));
    }

    @Test
    void shouldAnswerEveryBadInputWithA4xxNamingIt() {
        String board = create("desc", "best", null);
        String alice = TestTokens.bearer("alice");
        for (Object bad : new Object[] { "abc", "NaN", true, Map.of("x", 1) }) {
            post(board, "alice", bad).statusCode(400).body("error", equalTo("invalid_score"));
        }
        post(board, "alice", 1e300).statusCode(400).body("error", equalTo("invalid_score"));
        given().header("Authorization", alice).contentType(ContentType.JSON).body("{}")
                .post("/api/leaderboards/" + board + "/scores").then().statusCode(400)
                .body("error", equalTo("invalid_score"));
        given().header("Authorization", alice).contentType(ContentType.JSON).body("{\"score\": 1,")
                .post("/api/leaderboards/" + board + "/scores").then().statusCode(400);
        given().header("Authorization", alice).contentType(ContentType.JSON)
                .body(Map.of("score", 1, "name", "x".repeat(65)))
                .post("/api/leaderboards/" + board + "/scores").then().statusCode(400)
                .body("error", equalTo("invalid_name"));
        given().header("Authorization", alice).contentType(ContentType.JSON)
                .body(Map.of("score", 1, "metadata", Map.of("blob", "x".repeat(2000))))
                .post("/api/leaderboards/" + board + "/scores").then().statusCode(400)
                .body("error", equalTo("invalid_metadata"));
        given().header("Authorization", alice).contentType(ContentType.JSON)
                .body(Map.of("score", 1, "player", "bob"))
                .post("/api/leaderboards/" + board + "/scores").then().statusCode(403);
        given().header("Authorization", alice).contentType(ContentType.JSON)
                .body("{\"score\": 1, \"name\": \"" + "y".repeat(200_000) + "\"}")
                .post("/api/leaderboards/" + board + "/scores").then().statusCode(413);
        post("no-such-board", "alice", 1).statusCode(404).body("error", equalTo("not_found"));
        top(board, "limit=0").statusCode(400).body("error", equalTo("invalid_limit"));
        top(board, "limit=101").statusCode(400).body("error", equalTo("invalid_limit"));
        top(board, "period=2026-11-29").statusCode(400).body("error", equalTo("invalid_period"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", "bad board!")).post("/api/leaderboards").then().statusCode(400)
                .body("error", equalTo("invalid_id"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", "b-x", "operator", "max")).post("/api/leaderboards").then().statusCode(400)
                .body("error", equalTo("invalid_operator")).body("detail", startsWith("operator: one of"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", board)).post("/api/leaderboards").then().statusCode(409);
        given().header("Authorization", alice).contentType(ContentType.JSON).body(Map.of("id", "mine"))
                .post("/api/leaderboards").then().statusCode(403);
        given().get("/api/leaderboards/" + board).then().statusCode(401);
    }

    @Test
    void shouldCreateListAndDeleteBoardsButKeepGlobal() {
        String board = create("asc", "best", "weekly");
        given().header("Authorization", TestTokens.bearer("reader")).get("/api/leaderboards").then()
                .statusCode(200).body("find { it.id == '" + board + "' }.resetPeriod", equalTo("weekly"))
                .body("find { it.id == 'global' }.sortOrder", equalTo("desc"));
        given().header("Authorization", ADMIN).delete("/api/leaderboards/" + board).then().statusCode(204);
        top(board, "").statusCode(404);
        given().header("Authorization", ADMIN).delete("/api/leaderboards/global").then().statusCode(409);
    }
}
