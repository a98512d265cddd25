package dev.holdline.leaderboard;

import static dev.holdline.leaderboard.Boards.create;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Per-user allowances on the write paths (leaderboard.limits.*, the real defaults): 429 with Retry-After. */
@QuarkusTest
class AllowancesTest {

    @Inject
    LeaderboardConfig config;

    private static String user(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertTooMany(Response response, String what) {
        assertEquals(429, response.statusCode(), response.asString());
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        response.then().contentType(ContentType.JSON).body("error", equalTo("too_many_requests"))
                .body("detail", startsWith("too many " + what));
    }

    @Test
    void shouldAnswer429WithRetryAfterTo300ScorePostsInABurstFromOneUser() throws Exception {
        String board = create("desc", "increment", null);
        String player = user("burst");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Response>> answers = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 300; i++) {
                answers.add(pool.submit(() -> given().header("Authorization", TestTokens.bearer(player))
                        .contentType(ContentType.JSON).body(Map.of("score", 1))
                        .post("/api/leaderboards/" + board + "/scores").andReturn()));
            }
            int ok = 0;
            int refused = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 200) {
                    ok++;
                } else {
                    assertTooMany(response, "score posts");
                    refused++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            LeaderboardConfig.Limits limits = config.limits();
            int allowed = limits.scoresBurst() + (int) Math.ceil(seconds * limits.scoresPerMinute() / 60.0);
            assertTrue(refused > 0, "300 posts at once must not all be taken: " + ok + " x 200");
            assertEquals(300, ok + refused);
            assertTrue(ok >= limits.scoresBurst() && ok <= allowed,
                    ok + " taken in " + seconds + " s; the burst and the rate allow " + allowed);
            // only the taken ones counted: the increment board holds exactly that many
            given().header("Authorization", TestTokens.bearer("reader"))
                    .get("/api/leaderboards/" + board + "/players/" + player).then().statusCode(200)
                    .body("player.score", equalTo((float) ok));
        } finally {
            pool.shutdownNow();
        }
        given().header("Authorization", TestTokens.bearer(user("other"))).contentType(ContentType.JSON)
                .body(Map.of("score", 1)).post("/api/leaderboards/" + board + "/scores").then()
                .statusCode(200);
    }

    @Test
    void shouldRefuseOrdersPastTheBurstWith429() {
        String buyer = user("buyer");
        // every well-formed order counts, placed or refused for its SKU (a malformed one is refused before)
        String order = "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"no-such-sku\",\"quantity\":1}]}";
        var limits = config.limits();
        long started = System.nanoTime();
        int taken = 0;
        Response refused = null;
        // the allowance refills while the loop runs (ordersPerMinute): keep asking until it says 429
        for (int i = 0; i < limits.ordersBurst() + limits.ordersPerMinute() + 1 && refused == null; i++) {
            Response response = given().header("Authorization", TestTokens.bearer(buyer)).contentType(ContentType.JSON)
                    .body(order).post("/api/orders").andReturn();
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertTrue(response.statusCode() < 500, "request " + i + ": " + response.statusCode());
                taken++;
            }
        }
        assertTrue(refused != null, "no 429 after " + taken + " orders");
        assertTooMany(refused, "orders");
        double seconds = (System.nanoTime() - started) / 1e9;
        int allowed = limits.ordersBurst() + (int) Math.ceil(seconds * limits.ordersPerMinute() / 60.0);
        assertTrue(taken >= limits.ordersBurst() && taken <= allowed,
                taken + " orders taken in " + seconds + " s; the burst is " + limits.ordersBurst());
    }

    @Test
    void shouldRefuseWebSocketTicketsPastTheBurstWith429() {
        String viewer = user("tickets");
        int burst = Math.min(config.limits().ticketsBurst(), config.maxTicketsPerUser());
        for (int i = 0; i < burst; i++) {
            given().header("Authorization", TestTokens.bearer(viewer)).post("/api/ws-tickets").then().statusCode(201);
        }
        Response refused = given().header("Authorization", TestTokens.bearer(viewer)).post("/api/ws-tickets")
                .andReturn();
        assertEquals(429, refused.statusCode(), refused.asString());
        assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1);
        refused.then().body("error", equalTo("too_many_requests"));
    }

    private static Response rename(String token, String path, String displayName) {
        return given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("displayName", displayName)).put("/api/players/" + path).andReturn();
    }

    /** Issue 24: renaming oneself has an allowance; an unchanged name and an admin's renames spend none. */
    @Test
    void shouldRefuseRenamesOfOneselfPastTheBurstWith429ButNotAnAdminsOrAnUnchangedName() {
        String player = user("renamer");
        String token = TestTokens.bearer(player);
        int burst = config.limits().renamesBurst();
        for (int i = 0; i < burst; i++) {
            assertEquals(200, rename(token, "me", "Name " + i).statusCode(), "rename " + i + " within the burst");
        }
        assertTooMany(rename(token, "me", "One more"), "renames");
        // the name they have: nothing to do, so no allowance needed
        rename(token, "me", "Name " + (burst - 1)).then().statusCode(200).body("displayName",
                equalTo("Name " + (burst - 1)));
        // a refused name is a 400 whatever the allowance
        assertEquals(400, rename(token, "me", "\u3164").statusCode());
        for (int i = 0; i <= burst; i++) {
            rename(Boards.ADMIN, player, "Moderated " + i).then().statusCode(200)
                    .body("displayName", equalTo("Moderated " + i));
        }
        assertTooMany(rename(token, "me", "Mine again"), "renames");
        // another player's allowance is their own
        assertEquals(200, rename(TestTokens.bearer(user("renamer")), "me", "Fresh").statusCode());
    }
}
