package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.room;
import static dev.holdline.gateway.GatewayCalls.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cursors carry the stream's epoch ({@code service/StreamEpoch}): a cursor of another epoch (a stream deleted and
 * declared again) is answered at once with {@code gap} and the cursor of now; a cursor without an epoch (issued
 * before epochs) resumes. The wire protocol's version header.
 */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class CursorEpochTest {

    private static final Pattern CURSOR = Pattern.compile("c([0-9a-z]+)\\.([0-9a-z]+)");

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    /** The stream's epoch, as the cursor of a poll names it. */
    private static Matcher cursorOf(JsonPath answer) {
        Matcher cursor = CURSOR.matcher(answer.getString("cursor"));
        assertTrue(cursor.matches(), "a cursor with an epoch: " + answer.getString("cursor"));
        return cursor;
    }

    @Test
    void shouldAnswerACursorOfAnotherEpochAtOnceWithAGapFromNow() {
        String room = room();
        Matcher start = cursorOf(poll("alice", "channel=room:" + room + "&timeout=1"));
        String epoch = start.group(2);
        send("bob", room, "before");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice", "channel=room:" + room
                + "&timeout=1&cursor=" + start.group()).getList("events").size() == 1);

        String otherEpoch = "zz".equals(epoch) ? "yy" : "zz";
        long asked = System.nanoTime();
        // an old stream's cursor, here even at an offset before this stream's: its events are not this stream's
        JsonPath answer = poll("alice", "channel=room:" + room + "&timeout=30&cursor=c1." + otherEpoch);
        assertTrue(Duration.ofNanos(System.nanoTime() - asked).toSeconds() < 5, "answered at once, not held");
        assertTrue(answer.getBoolean("gap"));
        assertEquals(List.of(), answer.getList("events"));
        assertFalse(answer.getBoolean("timedOut"));
        Matcher now = cursorOf(answer);
        assertEquals(epoch, now.group(2), "the cursor of now, in this stream's epoch");
        assertTrue(Long.parseLong(now.group(1), 36) > Long.parseLong(start.group(1), 36), "from now: past 'before'");

        // the same cursor in this epoch is an old offset of this stream: events, and a gap only for what is gone
        JsonPath same = poll("alice", "channel=room:" + room + "&timeout=1&cursor=" + start.group());
        assertEquals("before", same.getString("events[0].data.text"));
    }

    @Test
    void shouldTakeTheOldestSinceCursorsEpochInAPostedPoll() {
        String room = room();
        String epoch = cursorOf(poll("alice", "channel=room:" + room + "&timeout=1")).group(2);
        String otherEpoch = "zz".equals(epoch) ? "yy" : "zz";
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body("{\"channels\":[\"room:" + room + "\"],\"timeout\":30,\"since\":{\"room:" + room + "\":\"c1."
                        + otherEpoch + "\"}}")
                .post("/api/poll").then().statusCode(200).body("gap", equalTo(true)).body("timedOut", equalTo(false));
    }

    @Test
    void shouldResumeFromACursorWithoutAnEpoch() {
        String room = room();
        Matcher start = cursorOf(poll("alice", "channel=room:" + room + "&timeout=1"));
        String legacy = "c" + start.group(1); // as the gateway wrote cursors before they had an epoch
        send("bob", room, "kept");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice", "channel=room:" + room
                + "&timeout=1&cursor=" + legacy).getList("events").size() == 1);
        JsonPath answer = poll("alice", "channel=room:" + room + "&timeout=1&cursor=" + legacy);
        assertEquals("kept", answer.getString("events[0].data.text"));
        assertFalse(answer.getBoolean("gap"));
        assertEquals(start.group(2), cursorOf(answer).group(2), "the next cursor carries the epoch");
    }

    @Test
    void shouldPutTheEpochInEachEventsCursor() {
        String room = room();
        String start = poll("alice", "channel=room:" + room + "&timeout=1").getString("cursor");
        send("bob", room, "one");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice", "channel=room:" + room
                + "&timeout=1&cursor=" + start).getList("events").size() == 1);
        String eventCursor = poll("alice", "channel=room:" + room + "&timeout=1&cursor=" + start)
                .getString("events[0].cursor");
        assertEquals(start.substring(start.indexOf('.')), eventCursor.substring(eventCursor.indexOf('.')));
        assertNotEquals(start, eventCursor);
    }

    @Test
    void shouldNameTheProtocolVersionAndRefuseAnother() {
        String room = room();
        given().header("Authorization", TestTokens.bearer("alice")).header("Holdline-Protocol", "1")
                .get("/api/poll?timeout=1&channel=room:" + room)
                .then().statusCode(200).header("Holdline-Protocol", "1");
        given().header("Authorization", TestTokens.bearer("alice")).header("Holdline-Protocol", "2")
                .get("/api/poll?timeout=1&channel=room:" + room)
                .then().statusCode(400).header("Holdline-Protocol", "1").body("error", equalTo("invalid_protocol"));
    }

    @Test
    void shouldRefuseACursorThatIsNotOneWith400() {
        for (String cursor : List.of("c1.", "c1.Z!", "x1.ab", "c1.abcdefghijklmnopq")) {
            given().header("Authorization", TestTokens.bearer("alice"))
                    .get("/api/poll?timeout=1&channel=room:" + room() + "&cursor=" + cursor)
                    .then().statusCode(400).body("error", equalTo("invalid_cursor"));
        }
    }
}
