package dev.holdline.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two packaged leaderboard-services on one database and broker, as two replicas behind a load balancer. */
class LeaderboardReplicasIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static HoldlineTestResource infra;
    private static ServiceProcess a;
    private static ServiceProcess b;
    private static Map<String, String> config;

    @BeforeAll
    static void start() throws Exception {
        infra = new HoldlineTestResource();
        infra.init(Map.of("rabbitUser", "leaderboard-service"));
        config = new HashMap<>(infra.start());
        // small pushes every millisecond and a short stall limit, so that a stalled socket shows within seconds
        config.put("leaderboard.top-size", "500");
        config.put("leaderboard.push-interval", "1ms");
        config.put("leaderboard.socket-stall-timeout", "2s");
        // the stalled-socket test posts scores as fast as it can, as one admin: past any user's allowance
        config.put("leaderboard.limits.scores-burst", "1000000");
        config.put("leaderboard.limits.scores-per-minute", "1000000");
        a = ServiceProcess.start("leaderboard-a", config);
        b = ServiceProcess.start("leaderboard-b", config);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess replica : new ServiceProcess[] { a, b }) {
            if (replica != null) {
                replica.close();
            }
        }
        infra.stop();
    }

    private static HttpResponse<String> call(String method, String url, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", TestTokens.bearer(KEY, user, "ops".equals(user) ? "admin" : "player"))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String board() throws Exception {
        String id = "b-" + System.nanoTime();
        HttpResponse<String> created = call("POST", a.url("/api/leaderboards"), "ops",
                "{\"id\":\"" + id + "\",\"operator\":\"increment\"}");
        assertEquals(201, created.statusCode(), created.body());
        return id;
    }

    private static String ticket(ServiceProcess replica) throws Exception {
        HttpResponse<String> issued = call("POST", replica.url("/api/ws-tickets"), "viewer", null);
        assertEquals(201, issued.statusCode(), issued.body());
        return new JsonObject(issued.body()).getString("ticket");
    }

    /** A socket that takes {@code reads} messages and then stops reading, as a stalled client would. */
    private static final class Listener implements WebSocket.Listener {
        final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        final long reads;
        private final StringBuilder partial = new StringBuilder();

        Listener(long reads) {
            this.reads = reads;
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            if (messages.size() < reads) {
                socket.request(1);
            }
            return null;
        }
    }

    private static WebSocket open(ServiceProcess replica, String board, Listener listener) throws Exception {
        return HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + replica.port()
                + "/ws/leaderboards/" + board + "?ticket=" + ticket(replica)), listener).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldPushAScorePostedToOneReplicaToASocketOnTheOtherAndRankItThere() throws Exception {
        String board = board();
        Listener onB = new Listener(Long.MAX_VALUE);
        WebSocket socket = open(b, board, onB);
        try {
            HttpResponse<String> posted = call("POST", a.url("/api/leaderboards/" + board + "/scores"), "alice",
                    "{\"score\": 42}");
            assertEquals(200, posted.statusCode(), posted.body());

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onB.messages.stream()
                    .anyMatch(m -> m.getJsonArray("entries").encode().contains("\"alice\"")));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("GET",
                    b.url("/api/leaderboards/" + board + "/players/alice"), "reader", null).statusCode() == 200);
            JsonObject onOther = new JsonObject(call("GET", b.url("/api/leaderboards/" + board + "/players/alice"),
                    "reader", null).body());
            assertEquals(1, onOther.getJsonObject("player").getInteger("rank"));
            assertEquals(42.0, onOther.getJsonObject("player").getDouble("score"));
        } finally {
            socket.abort();
        }
    }

    @Test
    void shouldShowASeedOnOneReplicaOnTheOtherToo() throws Exception {
        String board = board();
        assertEquals(200, call("POST", a.url("/api/leaderboards/" + board + "/scores"), "old", "{\"score\": 500}")
                .statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("GET",
                b.url("/api/leaderboards/" + board), "reader", null).body().contains("\"old\""));

        assertEquals(200, call("POST", a.url("/api/leaderboards/" + board + "/seed"), "ops", null).statusCode());

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            JsonObject top = new JsonObject(call("GET", b.url("/api/leaderboards/" + board + "?limit=100"), "reader",
                    null).body());
            return top.getJsonArray("entries").size() == 10
                    && "player-1".equals(top.getJsonArray("entries").getJsonObject(0).getString("player"));
        });
    }

    @Test
    void shouldDropAnEntryRemovedOnOneReplicaFromTheOthersRanks() throws Exception {
        String board = board();
        for (String player : List.of("cheater", "fair")) {
            assertEquals(200, call("POST", a.url("/api/leaderboards/" + board + "/scores"), player,
                    "{\"score\": " + (player.equals("cheater") ? 999 : 10) + "}").statusCode());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("GET",
                b.url("/api/leaderboards/" + board + "/players/cheater"), "reader", null).statusCode() == 200);

        assertEquals(204, call("DELETE", a.url("/api/leaderboards/" + board + "/players/cheater"), "ops", null)
                .statusCode());

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("GET",
                b.url("/api/leaderboards/" + board + "/players/cheater"), "reader", null).statusCode() == 404);
        assertTrue(call("GET", b.url("/api/leaderboards/" + board + "/players/fair"), "reader", null).body()
                .contains("\"rank\":1"), "the next player moved up on the other replica");
    }

    @Test
    void shouldShowAPlayerRenamedOnOneReplicaOnTheOther() throws Exception {
        String board = board();
        String player = "renamed-" + System.nanoTime();
        assertEquals(200, call("POST", a.url("/api/leaderboards/" + board + "/scores"), player, "{\"score\": 5}")
                .statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("GET",
                b.url("/api/leaderboards/" + board + "/players/" + player), "reader", null).statusCode() == 200);

        HttpResponse<String> renamed = call("PUT", a.url("/api/players/" + player), "ops",
                "{\"displayName\": \"Moderated name\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> call("GET",
                b.url("/api/leaderboards/" + board), "reader", null).body().contains("\"name\":\"Moderated name\""));
        assertEquals(200, call("POST", b.url("/api/leaderboards/" + board + "/scores"), player, "{\"score\": 1}")
                .statusCode());
        assertTrue(call("GET", a.url("/api/leaderboards/" + board + "/players/" + player), "reader", null).body()
                .contains("\"name\":\"Moderated name\""), "a later score on the other replica keeps the name");
    }

    @Test
    void shouldKeepEveryAcknowledgedScoreWhenAReplicaIsKilled() throws Exception {
        String board = board();
        for (int i = 1; i <= 20; i++) {
            assertEquals(200, call("POST", b.url("/api/leaderboards/" + board + "/scores"), "p" + i,
                    "{\"score\": " + i + "}").statusCode());
        }
        b.kill();
        b = ServiceProcess.start("leaderboard-b2", config);

        JsonObject top = new JsonObject(call("GET", b.url("/api/leaderboards/" + board + "?limit=100"), "reader", null)
                .body());
        assertEquals(20, top.getJsonArray("entries").size(), "every acknowledged score is back after kill -9");
        assertEquals("p20", top.getJsonArray("entries").getJsonObject(0).getString("player"));
    }

    @Test
    void shouldCloseASocketThatStopsReadingInsteadOfQueueingForIt() throws Exception {
        String board = board();
        Listener stalled = new Listener(1);
        WebSocket socket = open(a, board, stalled);
        try {
            // each post changes the top (500 entries of long ids and names): snapshots of ~50 KB, one per millisecond;
            // posting goes on until the loopback buffers are full and the stall limit closes the socket
            String longId = "-" + "n".repeat(56); // the entry's name is its id: no profile, posted by an admin
            int posted = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < until && socketsOn(a) > 0) {
                HttpResponse<String> response = call("POST", a.url("/api/leaderboards/" + board + "/scores"), "ops",
                        "{\"score\": " + (posted % 7 + 1) + ", \"player\": \"p" + posted % 500 + longId + "\"}");
                assertEquals(200, response.statusCode(), response.body());
                posted++;
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> socketsOn(a) == 0);
            assertEquals(1, stalled.messages.size(), "the client read only its first message");
            assertTrue(call("GET", a.url("/q/health/live"), "reader", null).statusCode() == 200);
        } finally {
            socket.abort();
        }
    }

    /** The replica's open sockets, from its metrics. */
    private static int socketsOn(ServiceProcess replica) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(replica.managementUrl("/q/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("holdline_leaderboard_sockets")).findFirst()
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1);
    }
}
