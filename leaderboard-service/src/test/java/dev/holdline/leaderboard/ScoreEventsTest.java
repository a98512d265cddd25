package dev.holdline.leaderboard;

import static dev.holdline.leaderboard.Boards.create;
import static dev.holdline.leaderboard.Boards.post;
import static dev.holdline.leaderboard.Boards.top;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.LeaderboardSnapshot;
import dev.holdline.events.leaderboard.ScoreRemoved;
import dev.holdline.events.leaderboard.ScoreSubmitted;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScoreEventsTest {

    @Test
    void shouldAnnounceEveryAcceptedScoreAndEveryNewTopOnTheExchange() {
        String board = create("desc", "best", null);
        try (EventProbe probe = EventProbe.listen("#")) {
            post(board, "alice", 42).statusCode(200);

            EventProbe.Received submitted = probe.await(m -> m.routingKey().equals(EventTypes.SCORE_SUBMITTED)
                    && m.body().contains("\"board\":\"" + board + "\""), Duration.ofSeconds(10));
            ScoreSubmitted data = CloudEvent.fromJson(submitted.body()).dataAs(ScoreSubmitted.class);
            assertEquals(board, data.board());
            assertEquals(1, data.scores().size());
            assertEquals("alice", data.scores().get(0).player());
            assertEquals(42.0, data.scores().get(0).score());
            assertEquals("leaderboard-service", submitted.properties().getAppId());

            EventProbe.Received updated = probe.await(m -> m.routingKey().equals(EventTypes.LEADERBOARD_UPDATED)
                    && m.body().contains("\"board\":\"" + board + "\""), Duration.ofSeconds(10));
            CloudEvent event = CloudEvent.fromJson(updated.body());
            assertEquals("leaderboard:" + board, event.channels(), "long-poll clients see it on this channel");
            LeaderboardSnapshot snapshot = event.dataAs(LeaderboardSnapshot.class);
            assertEquals("alice", snapshot.entries().get(0).player());
        }
    }

    @Test
    void shouldRemoveAnEntryForItsPlayerOrAnAdminOnlyAndAnnounceIt() {
        String board = create("desc", "best", null);
        post(board, "cheater", 1_000_000).statusCode(200);
        post(board, "alice", 30).statusCode(200);
        post(board, "bob", 20).statusCode(200);
        top(board, "").body("entries.player", contains("cheater", "alice", "bob"));
        try (EventProbe probe = EventProbe.listen(EventTypes.SCORE_REMOVED)) {
            remove(board, "cheater", "alice").statusCode(403);
            remove(board, "cheater", "ops", "admin").statusCode(204);

            EventProbe.Received removed = probe.await(m -> m.body().contains("\"board\":\"" + board + "\""),
                    Duration.ofSeconds(10));
            ScoreRemoved data = CloudEvent.fromJson(removed.body()).dataAs(ScoreRemoved.class);
            assertEquals("cheater", data.player());
            assertEquals("all", data.period());
        }
        top(board, "").body("entries.player", contains("alice", "bob")).body("entries.rank", contains(1, 2));
        remove(board, "cheater", "ops", "admin").statusCode(404);
        remove(board, "bob", "bob").statusCode(204); // a player may delete their own entry
        top(board, "").body("entries.player", contains("alice"));
        post(board, "bob", 40).statusCode(200).body("rank", equalTo(1)); // and come back
    }

    private static ValidatableResponse remove(String board, String player, String caller, String... groups) {
        return given().header("Authorization", TestTokens.bearer(caller, groups))
                .delete("/api/leaderboards/" + board + "/players/" + player).then();
    }

    @Test
    void shouldStartADailyBoardAfreshEachDayAndKeepThePastDayQueryable() {
        String board = create("desc", "best", "daily");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        post(board, "alice", 10).statusCode(200).body("period", equalTo(today));

        QuarkusMock.installMockForType(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)), Clock.class);
        top(board, "").statusCode(200).body("entries", empty());
        post(board, "bob", 5).statusCode(200).body("rank", equalTo(1));

        top(board, "").body("entries.player", contains("bob"));
        top(board, "period=" + today).statusCode(200).body("period", equalTo(today))
                .body("entries.player", contains("alice"));
    }
}
