package dev.holdline.leaderboard;

import static dev.holdline.leaderboard.Boards.ADMIN;
import static dev.holdline.leaderboard.Boards.create;
import static dev.holdline.leaderboard.Boards.post;
import static dev.holdline.leaderboard.Boards.top;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.PlayerRenamed;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.model.PlayerProfile;
import dev.holdline.leaderboard.repository.PlayerProfileRepository;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A player's name is theirs: from their profile or token, never from a score; admins can rename. */
@QuarkusTest
class PlayerResourceTest {

    @Inject
    PlayerProfileRepository profiles;

    @Inject
    LeaderboardConfig config;

    private static String player() {
        return "pl-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static ValidatableResponse rename(String token, String path, Object displayName) {
        return given().header("Authorization", token).contentType(ContentType.JSON)
                .body(java.util.Collections.singletonMap("displayName", displayName)).put("/api/players/" + path)
                .then();
    }

    @Test
    void shouldNameANewEntryFromTheTokenElseThePlayerId() {
        String board = create("desc", "best", null);
        String ann = player();
        String bob = player();
        given().header("Authorization", Boards.bearerNamed(ann, "Ann")).contentType(ContentType.JSON)
                .body(Map.of("score", 5)).post("/api/leaderboards/" + board + "/scores").then().statusCode(200)
                .body("name", equalTo("Ann"));
        post(board, bob, 3).statusCode(200).body("name", equalTo(bob));
        given().header("Authorization", Boards.bearerNamed(ann, "Ann\u202Egnp.exe")).get("/api/players/me").then()
                .statusCode(200).body("displayName", equalTo(ann)).body("chosen", equalTo(false));
        top(board, "").body("entries.name", contains("Ann", bob));
    }

    @Test
    void shouldRefuseANameInAScorePost() {
        String board = create("desc", "best", null);
        String ann = player();
        given().header("Authorization", TestTokens.bearer(ann)).contentType(ContentType.JSON)
                .body(Map.of("score", 1, "name", "Ann")).post("/api/leaderboards/" + board + "/scores").then()
                .statusCode(400).body("error", equalTo("invalid_name"));
        given().header("Authorization", TestTokens.bearer(ann)).contentType(ContentType.JSON)
                .body("{\"score\": 1, \"name\": null}").post("/api/leaderboards/" + board + "/scores").then()
                .statusCode(400).body("error", equalTo("invalid_name"));
        top(board, "").body("entries.size()", equalTo(0));
    }

    @Test
    void shouldShowAPlayersOwnNameOnEveryBoardAndAnnounceTheRename() {
        String first = create("desc", "best", null);
        String second = create("asc", "set", "daily");
        String ann = player();
        String token = TestTokens.bearer(ann);
        post(first, ann, 10).statusCode(200).body("name", equalTo(ann));
        post(second, ann, 7).statusCode(200);
        try (EventProbe probe = EventProbe.listen(EventTypes.PLAYER_RENAMED)) {
            rename(token, "me", "  Ann  the Brave ").statusCode(200).body("player", equalTo(ann))
                    .body("displayName", equalTo("Ann  the Brave")).body("chosen", equalTo(true));

            CloudEvent event = CloudEvent.fromJson(probe.await(m -> m.body().contains(ann), Duration.ofSeconds(10))
                    .body());
            PlayerRenamed renamed = event.dataAs(PlayerRenamed.class);
            assertEquals("Ann  the Brave", renamed.name());
            assertEquals(java.util.Set.of(first, second), renamed.entries().stream().map(PlayerRenamed.Entry::board)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        top(first, "").body("entries[0].name", equalTo("Ann  the Brave"));
        top(second, "").body("entries[0].name", equalTo("Ann  the Brave"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("reader")).get("/api/leaderboards/" + first + "/snapshot")
                .then().body("entries[0].name", equalTo("Ann  the Brave")));
        given().header("Authorization", token).get("/api/players/me").then().statusCode(200)
                .body("displayName", equalTo("Ann  the Brave")).body("chosen", equalTo(true));
        // a later score keeps the name; a new board's entry takes it
        post(first, ann, 20).statusCode(200).body("name", equalTo("Ann  the Brave"));
        String third = create("desc", "best", null);
        given().header("Authorization", Boards.bearerNamed(ann, "Token name")).contentType(ContentType.JSON)
                .body(Map.of("score", 1)).post("/api/leaderboards/" + third + "/scores").then().statusCode(200)
                .body("name", equalTo("Ann  the Brave"));
    }

    @Test
    void shouldLetOnlyAdminsRenameAnotherPlayer() {
        String board = create("desc", "best", null);
        String mallory = player();
        post(board, mallory, 10).statusCode(200);
        rename(TestTokens.bearer("someone"), mallory, "Nice name").statusCode(403);
        rename(ADMIN, mallory, "Renamed by ops").statusCode(200).body("player", equalTo(mallory))
                .body("displayName", equalTo("Renamed by ops"));
        top(board, "").body("entries[0].name", equalTo("Renamed by ops"));
        given().header("Authorization", TestTokens.bearer(mallory)).get("/api/players/me").then()
                .body("displayName", equalTo("Renamed by ops"));
        rename(ADMIN, "not%20a%20player", "x").statusCode(404);
    }

    /** The characters: every bidirectional control and zero-width character, each refused. */
    @Test
    void shouldRefuseNamesWithBidirectionalControlsOrZeroWidthCharactersAndOverlongOnes() {
        String token = TestTokens.bearer(player());
        int[] refused = { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
                0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF };
        for (int c : refused) {
            rename(token, "me", "Ann" + Character.toString(c) + "x").statusCode(400)
                    .body("error", equalTo("invalid_displayName"));
        }
        rename(token, "me", "x".repeat(33)).statusCode(400).body("error", equalTo("invalid_displayName"));
        rename(token, "me", "   ").statusCode(400).body("error", equalTo("invalid_displayName"));
        rename(token, "me", null).statusCode(400).body("error", equalTo("invalid_displayName"));
        rename(token, "me", "line\nbreak").statusCode(400).body("error", equalTo("invalid_displayName"));
        rename(token, "me", "Zoë 🎮 李").statusCode(200).body("displayName", equalTo("Zoë 🎮 李"));
        rename(token, "me", "x".repeat(32)).statusCode(200);
    }

    /** Another replica's rename reaches this one's ranks; a score event older than the rename cannot undo it. */
    @Test
    void shouldTakeARenameFromAnotherReplicaAndKeepItOverOlderScores() {
        String board = create("desc", "best", null);
        String ann = player();
        post(board, ann, 10).statusCode(200);
        String period = top(board, "").extract().path("period");
        try (EventProbe probe = EventProbe.listen(EventTypes.SCORE_SUBMITTED)) {
            post(board, ann, 12).statusCode(200);
            ScoreSubmitted.Score held = CloudEvent.fromJson(probe.await(m -> m.body().contains(ann) && m.body()
                    .contains("\"score\":12.0"), Duration.ofSeconds(10)).body()).dataAs(ScoreSubmitted.class)
                    .scores().get(0); // the board is this test's, and ann's score its only one in flight
            probe.publish(CloudEvent.create("leaderboard-service", EventTypes.PLAYER_RENAMED, "players/" + ann,
                    List.of(), new PlayerRenamed(ann, "Elsewhere", List.of(new PlayerRenamed.Entry(board, period,
                            held.score(), held.reachedAt(), held.seq(), held.revision() + 1_000_000)))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> top(board, "")
                    .body("entries[0].name", equalTo("Elsewhere")));
            // a score.submitted of the old name, older than the rename, arriving late: ignored
            probe.publish(CloudEvent.create("leaderboard-service", EventTypes.SCORE_SUBMITTED, "leaderboards/" + board,
                    List.of(), new ScoreSubmitted(board, List.of(new ScoreSubmitted.Score(period, ann, ann, 12, 12,
                            false, held.reachedAt(), held.seq(), held.revision() + 1)))));
            // then another replica's score of a new player, on the same queue: once it is ranked, so is the above
            String marker = player();
            probe.publish(CloudEvent.create("leaderboard-service", EventTypes.SCORE_SUBMITTED, "leaderboards/" + board,
                    List.of(), new ScoreSubmitted(board, List.of(new ScoreSubmitted.Score(period, marker, marker, 1,
                            1, true, held.reachedAt() + 1, held.seq() + 1, held.revision() + 2)))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> top(board, "")
                    .body("entries.player", contains(ann, marker)));
            top(board, "").body("entries[0].name", equalTo("Elsewhere"));
        }
    }

    private PlayerProfile profile(String player) {
        return QuarkusTransaction.requiringNew().call(() -> profiles.findById(player));
    }

    /** Issue 24: setting the name one has writes nothing, announces nothing and spends no allowance. */
    @Test
    void shouldChangeNothingWhenAPlayerSetsTheNameTheyHave() {
        String board = create("desc", "best", null);
        String ann = player();
        String token = TestTokens.bearer(ann);
        post(board, ann, 10).statusCode(200);
        try (EventProbe probe = EventProbe.listen(EventTypes.PLAYER_RENAMED)) {
            rename(ADMIN, ann, "Ann").statusCode(200);
            probe.await(m -> m.body().contains(ann), Duration.ofSeconds(10));
            PlayerProfile before = profile(ann);
            for (int i = 0; i < config.limits().renamesBurst() + 2; i++) { // past the allowance, were it spent
                rename(token, "me", " Ann\u00A0").statusCode(200).body("player", equalTo(ann))
                        .body("displayName", equalTo("Ann")).body("chosen", equalTo(true));
            }
            rename(ADMIN, ann, "Ann").statusCode(200).body("displayName", equalTo("Ann"));
            PlayerProfile after = profile(ann);
            assertEquals(before.updatedBy, after.updatedBy);
            assertNotEquals(ann, after.updatedBy); // still the admin's rename, not rewritten by the player
            assertEquals(before.updatedAt, after.updatedAt);
            // the allowance is whole: a real rename is taken, and its event is the only one after the first
            rename(token, "me", "Ann B").statusCode(200).body("displayName", equalTo("Ann B"));
            probe.await(m -> m.body().contains("Ann B"), Duration.ofSeconds(10));
            assertEquals(2, probe.received().stream().filter(m -> m.body().contains(ann)).count());
        }
        top(board, "").body("entries[0].name", equalTo("Ann B"));
    }
}
