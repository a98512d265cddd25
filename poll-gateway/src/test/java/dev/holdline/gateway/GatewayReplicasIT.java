package dev.holdline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways reading one stream: any replica answers any cursor, a client that moves to another
 * replica after a crash misses nothing, and a restarted replica rebuilds its buffers before it is ready.
 */
class GatewayReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path KEY = TestTokens.USERS_KEY;

    private final HoldlineTestResource broker = new HoldlineTestResource();
    private Map<String, String> config;
    private final List<GatewayReplica> replicas = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker.init(Map.of("database", "false", "queues", "poll-gateway.events", "rabbitUser", "poll-gateway"));
        config = broker.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (GatewayReplica replica : replicas) {
            replica.close();
        }
        broker.stop();
    }

    private GatewayReplica replica(String name) throws Exception {
        return replica(name, config);
    }

    private GatewayReplica replica(String name, Map<String, String> settings) throws Exception {
        GatewayReplica replica = GatewayReplica.start(name, settings);
        replicas.add(replica);
        return replica;
    }

    private static JsonNode call(String method, String url, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestTokens.bearer(KEY, user));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode poll(GatewayReplica replica, String room, String cursor, int timeout) throws Exception {
        return call("GET", replica.url("/api/poll?channel=room:" + room + "&timeout=" + timeout
                + (cursor == null ? "" : "&cursor=" + cursor)), "alice", null);
    }

    private static JsonNode pollAs(String user, GatewayReplica replica, String room, String cursor, int timeout)
            throws Exception {
        return call("GET", replica.url("/api/poll?channel=room:" + room + "&timeout=" + timeout
                + (cursor == null ? "" : "&cursor=" + cursor)), user, null);
    }

    /** What the room was told of {@code user}'s presence since {@code cursor}: "online"/"offline", in order. */
    private static List<String> presenceOf(String user, GatewayReplica replica, String room, String cursor)
            throws Exception {
        List<String> said = new ArrayList<>();
        for (JsonNode event : pollAs("watcher", replica, room, cursor, 1).get("events")) {
            if ("presence.changed".equals(event.get("type").asText()) && user.equals(event.at("/data/user").asText())) {
                said.add(event.at("/data/online").asBoolean() ? "online" : "offline");
            }
        }
        return said;
    }

    private static void say(GatewayReplica replica, String room, String text) throws Exception {
        call("POST", replica.url("/api/rooms/" + room + "/messages"), "bob", "{\"text\":\"" + text + "\"}");
    }

    /** Polls from {@code cursor} until {@code count} events have come, as a client loop would. */
    private static List<JsonNode> drain(GatewayReplica replica, String room, String cursor, int count) {
        List<JsonNode> events = new ArrayList<>();
        String[] at = { cursor };
        Awaitility.await(count + " events of " + room + " on " + replica.name).atMost(Duration.ofSeconds(20))
                .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                    JsonNode page = poll(replica, room, at[0], 5);
                    page.get("events").forEach(events::add);
                    at[0] = page.get("cursor").asText();
                    return events.size() >= count;
                });
        return events;
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asText() + "@" + e.get("cursor").asText()).toList();
    }

    @Test
    void shouldKeepAUserOnlineWhosePollsMoveToAnotherReplicaAndSayOnceWhenTheyLeave() throws Exception {
        Map<String, String> withPresence = new java.util.HashMap<>(config);
        withPresence.put("gateway.presence.enabled", "true");
        withPresence.put("gateway.presence.grace", "2s");
        GatewayReplica a = replica("presence-a", withPresence);
        GatewayReplica b = replica("presence-b", withPresence);
        String room = "presence" + System.nanoTime();
        String start = pollAs("watcher", a, room, null, 1).get("cursor").asText();

        pollAs("carol", a, room, null, 1); // online, said by A
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> presenceOf("carol", b, room, start).equals(List.of("online"))); // B has read it
        // then only B serves her, for 7 s, well past A's grace of 2 s: A must not say she left meanwhile
        Awaitility.await("B serving carol, A silent").during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(20))
                .pollInSameThread().pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                    pollAs("carol", b, room, null, 1);
                    assertEquals(List.of("online"), presenceOf("carol", a, room, start), "A must not say she left");
                });

        // she stops: the last replica to serve her says so, once
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> presenceOf("carol", b, room, start).size() >= 2);
        // and it stays so for as long as a second, wrong "offline" from A would take to show up, were there one
        Awaitility.await("one offline").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertEquals(List.of("online", "offline"), presenceOf("carol", b, room, start)));
    }

    @Test
    void shouldSayOfflineForTheUsersOfAReplicaThatShutDownOrCrashedWhileTheyWereInTheirGracePeriod()
            throws Exception {
        Map<String, String> withPresence = new java.util.HashMap<>(config);
        withPresence.put("gateway.presence.enabled", "true");
        withPresence.put("gateway.presence.grace", "4s"); // longer than a replica takes to shut down
        GatewayReplica stopped = replica("presence-stopped", withPresence);
        GatewayReplica crashed = replica("presence-crashed", withPresence);
        GatewayReplica watching = replica("presence-watching", withPresence);
        String room = "presence" + System.nanoTime();
        String start = pollAs("watcher", watching, room, null, 1).get("cursor").asText();
        pollAs("dave", stopped, room, null, 1);
        pollAs("erin", crashed, room, null, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> presenceOf("dave", watching, room, start).equals(List.of("online"))
                        && presenceOf("erin", watching, room, start).equals(List.of("online")));

        // both go away within their users' grace period, before either could say the user left
        pollAs("dave", stopped, room, null, 1);
        pollAs("erin", crashed, room, null, 1);
        stopped.close(); // a rolling deploy: it says goodbye
        crashed.kill(); // no goodbye: it falls silent

        // the stopped one's users after its goodbye and the grace; the crashed one's after 10 s of silence
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> presenceOf("dave", watching, room, start).size() >= 2
                        && presenceOf("erin", watching, room, start).size() >= 2);
        // and it stays so for as long as a second "offline" would take to show up, were there one
        Awaitility.await("one offline each").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertEquals(List.of("online", "offline"), presenceOf("dave", watching, room, start));
                    assertEquals(List.of("online", "offline"), presenceOf("erin", watching, room, start));
                });
    }

    @Test
    void shouldServeTheSameCursorsOnEveryReplicaAndLoseNothingAcrossACrashAndARestart() throws Exception {
        GatewayReplica a = replica("a");
        GatewayReplica b = replica("b");
        String room = "replicas" + System.nanoTime();
        String start = poll(a, room, null, 1).get("cursor").asText();

        for (int i = 0; i < 5; i++) {
            say(i % 2 == 0 ? a : b, room, "m" + i);
        }
        List<JsonNode> fromA = drain(a, room, start, 5);
        List<JsonNode> fromB = drain(b, room, start, 5);
        assertEquals(5, fromA.size());
        assertEquals(ids(fromA), ids(fromB), "same events, same cursors, on both replicas");

        // the client read up to here on A; A crashes; the client goes on with B from the same cursor
        String cursor = fromA.get(4).get("cursor").asText();
        a.kill();
        for (int i = 5; i < 8; i++) {
            say(b, room, "m" + i);
        }
        List<JsonNode> afterCrash = drain(b, room, cursor, 3);
        assertEquals(List.of("m5", "m6", "m7"), afterCrash.stream().map(e -> e.at("/data/text").asText()).toList());

        // A comes back: it is ready only after replaying the stream, and serves the old cursors
        GatewayReplica restarted = replica("a2");
        List<JsonNode> replayed = drain(restarted, room, start, 8);
        assertEquals(ids(drain(b, room, start, 8)), ids(replayed));
        assertFalse(poll(restarted, room, start, 1).get("gap").asBoolean());
    }
}
