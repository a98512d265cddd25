package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PresenceTest {

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    private static JsonPath poll(String user, String room, String cursor) {
        return given().header("Authorization", TestTokens.bearer(user))
                .get("/api/poll?timeout=1&channel=room:" + room + (cursor == null ? "" : "&cursor=" + cursor))
                .then().statusCode(200).extract().jsonPath();
    }

    /** The room's online list, as a client joining it reads it. */
    private static List<String> onlineIn(String room) {
        return given().header("Authorization", TestTokens.bearer("reader")).get("/api/rooms/" + room + "/presence")
                .then().statusCode(200).extract().jsonPath().getList("online", String.class);
    }

    /** Presence events of {@code user} on the room after {@code cursor}, as "online"/"offline". */
    private static List<String> presenceOf(String watcher, String room, String cursor, String user) {
        return poll(watcher, room, cursor).getList("events.findAll { it.type == 'presence.changed' && it.data.user == '"
                + user + "' }.data.online").stream().map(o -> (Boolean) o ? "online" : "offline").toList();
    }

    @Test
    void shouldAnnounceOnlineWhenPollingAndOfflineOnDisconnect() {
        String room = "presence" + System.nanoTime();
        String start = poll("watcher", room, null).getString("cursor");
        poll("walter", room, null);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> presenceOf("watcher", room, start, "walter").contains("online"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onlineIn(room).contains("walter"));
        assertEquals(List.of(), onlineIn("other" + room), "presence names only the room polled");

        given().header("Authorization", TestTokens.bearer("walter")).post("/api/poll/disconnect")
                .then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> presenceOf("watcher", room, start, "walter").size() == 2);
        assertEquals(List.of("online", "offline"), presenceOf("watcher", room, start, "walter"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !onlineIn(room).contains("walter"));
    }

    @Test
    void shouldNameOnlyTheRoomItIsDeliveredToAndNotTheUsersOtherRooms() {
        String room = "open" + System.nanoTime();
        String secret = "secret" + System.nanoTime();
        String start = poll("lookout", room, null).getString("cursor");
        given().header("Authorization", TestTokens.bearer("wanda"))
                .get("/api/poll?timeout=1&channel=room:" + room + "&channel=room:" + secret).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> presenceOf("lookout", room, start, "wanda").contains("online"));
        List<String> channels = poll("lookout", room, start).getList(
                "events.findAll { it.type == 'presence.changed' && it.data.user == 'wanda' }.channels", String.class);
        assertEquals(List.of("room:" + room), channels, "the lookout learns nothing of wanda's other room");
    }

    @Test
    void shouldGoOfflineByItselfAfterTheGracePeriod() {
        String room = "presence" + System.nanoTime();
        String start = poll("watcher2", room, null).getString("cursor");
        poll("quiet", room, null);
        // the test profile's grace is 2 s: without another poll, "quiet" goes offline on its own
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> presenceOf("watcher2", room, start, "quiet").contains("offline"));
    }
}
