package dev.holdline.leaderboard;

import static dev.holdline.leaderboard.Boards.ADMIN;
import static dev.holdline.leaderboard.Boards.create;
import static dev.holdline.leaderboard.Boards.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.leaderboard.config.LeaderboardConfig;
import dev.holdline.leaderboard.websocket.SocketAllowance;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeaderboardSocketTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Inject
    SocketAllowance allowance;

    @Inject
    LeaderboardConfig config;

    private final List<WebSocket> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeSockets() {
        opened.forEach(WebSocket::close);
    }

    private static String ticket(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).post("/api/ws-tickets").then()
                .statusCode(201).extract().path("ticket");
    }

    /** Opens the board's socket; every text message lands in {@code into}. */
    private WebSocket open(String board, String query, String origin, List<JsonObject> into) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/ws/leaderboards/" + board + (query == null ? "" : "?" + query));
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        // the handler is in place before the upgrade, so that the first message (sent at once) cannot be missed
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> into.add(new JsonObject(text)));
        socket.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        opened.add(socket);
        return socket;
    }

    private int refusedWith(String board, String query, String origin) {
        UpgradeRejectedException rejected = rejection(board, query, origin);
        return rejected == null ? 101 : rejected.getStatus();
    }

    /** The refusal of the upgrade, or null if the socket opened. */
    private UpgradeRejectedException rejection(String board, String query, String origin) {
        try {
            open(board, query, origin, new CopyOnWriteArrayList<>());
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected;
            }
            throw new AssertionError("not an upgrade refusal", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertTooMany(UpgradeRejectedException rejected, String what) {
        assertTrue(rejected != null, what + " must be refused");
        assertEquals(429, rejected.getStatus(), what);
        assertTrue(Long.parseLong(rejected.getHeaders().get("Retry-After")) >= 1, what + ": Retry-After");
    }

    @Test
    void shouldSendTheCurrentLeaderboardOnOpenAndTheNewTopAfterAScore() throws Exception {
        String board = create("desc", "best", null);
        post(board, "alice", 10).statusCode(200);
        List<JsonObject> messages = new CopyOnWriteArrayList<>();
        open(board, "ticket=" + ticket("viewer"), null, messages);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
        JsonObject first = messages.get(0);
        assertEquals("current_leaderboard", first.getString("type"));
        assertEquals(board, first.getString("board"));
        assertEquals("alice", first.getJsonArray("entries").getJsonObject(0).getString("player"));

        post(board, "bob", 20).statusCode(200);

        JsonObject update = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages.stream()
                .filter(m -> "update_leaderboard".equals(m.getString("type"))
                        && m.getJsonArray("entries").size() == 2).findFirst(), java.util.Optional::isPresent).get();
        assertEquals("bob", update.getJsonArray("entries").getJsonObject(0).getString("player"));
        assertTrue(update.getLong("version") > first.getLong("version"), "versions grow");
    }

    /**
     * Browsers (and Node's {@code ws}) offer permessage-deflate on every socket. Taken, it holds a zlib deflater and
     * inflater per socket (about 100 KB of native memory) and compresses every snapshot once per socket: with
     * Quarkus 3.33 it was taken by default, which made a push to 5,000 sockets three to four times slower. A
     * snapshot is a short JSON text, so the socket declines it and frames go out as written.
     */
    @Test
    void shouldDeclinePerMessageCompressionThatEveryBrowserOffers() throws Exception {
        String board = create("desc", "best", null);
        // the upgrade as Chromium sends it, read as raw text: the 101's headers say what was negotiated
        try (Socket raw = new Socket(base.getHost(), base.getPort())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(("GET /ws/leaderboards/" + board + "?ticket=" + ticket("viewer")
                    + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    raw.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("HTTP/1.1 101"), "the socket opens");
            List<String> headers = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.add(line.toLowerCase(Locale.ROOT));
            }
            assertTrue(headers.stream().anyMatch(h -> h.startsWith("sec-websocket-accept:")), "a 101: " + headers);
            assertTrue(headers.stream().noneMatch(h -> h.startsWith("sec-websocket-extensions:")),
                    "no extension is negotiated: " + headers);
        }
    }

    @Test
    void shouldRefuseMissingReusedForgedAndExpiredTicketsBeforeTheUpgrade() {
        String board = create("desc", "best", null);
        assertEquals(401, refusedWith(board, null, null), "no ticket");
        assertEquals(401, refusedWith(board, "ticket=" + "A".repeat(43), null), "forged");
        String ticket = ticket("viewer");
        assertEquals(101, refusedWith(board, "ticket=" + ticket, null), "first use");
        assertEquals(401, refusedWith(board, "ticket=" + ticket, null), "reused");
        String late = ticket("viewer");
        QuarkusMock.installMockForType(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(31)), Clock.class);
        assertEquals(401, refusedWith(board, "ticket=" + late, null), "expired");
    }

    @Test
    void shouldRefuseAnUnknownBoardAForeignOriginAndLetAnonymousViewersInWhereAllowed() {
        assertEquals(404, refusedWith("no-such-board", "ticket=" + ticket("viewer"), null));
        String board = create("desc", "best", null);
        assertEquals(403, refusedWith(board, "ticket=" + ticket("viewer"), "https://evil.example"));
        assertEquals(101, refusedWith(board, "ticket=" + ticket("viewer"),
                "http://" + base.getHost() + ":" + base.getPort()), "same origin");
        String open = "b-anon-" + System.nanoTime();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", open, "anonymousView", true)).post("/api/leaderboards").then().statusCode(201);
        assertEquals(101, refusedWith(open, null, null), "anonymous viewing switched on");
    }

    @Test
    void shouldCoalesceABurstOfScoresIntoFewPushesEndingOnTheFinalTop() throws Exception {
        String board = create("desc", "increment", null);
        List<JsonObject> messages = new CopyOnWriteArrayList<>();
        open(board, "ticket=" + ticket("viewer"), null, messages);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());

        long started = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            String player = board + "-p" + (i % 25); // 40 posts each: within a player's allowance
            int score = i;
            writers.execute(() -> post(board, player, score).statusCode(200));
        }
        writers.shutdown();
        assertTrue(writers.awaitTermination(120, TimeUnit.SECONDS));
        long burstMillis = (System.nanoTime() - started) / 1_000_000;

        List<Object> expected = given().header("Authorization", TestTokens.bearer("reader"))
                .get("/api/leaderboards/" + board).then().statusCode(200).extract().path("entries.player");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonObject last = messages.get(messages.size() - 1);
            return last.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("player")).toList()
                    .equals(expected);
        });
        long updates = messages.stream().filter(m -> "update_leaderboard".equals(m.getString("type"))).count();
        long bound = burstMillis / 100 + 5;
        assertTrue(updates <= bound, updates + " pushes for a burst of " + burstMillis + " ms; at most " + bound);
        assertTrue(updates < 1000, "coalesced");
    }

    @Test
    void shouldRefuseAUsersSocketsPastTheirAllowanceWith429AndTakeOneAgainOnceOneIsClosed() {
        String board = create("desc", "best", null);
        String user = "sockets-" + System.nanoTime();
        int allowed = config.limits().socketsPerUser();
        List<WebSocket> mine = new ArrayList<>();
        for (int i = 0; i < allowed; i++) {
            assertEquals(101, refusedWith(board, "ticket=" + ticket(user), null), "socket " + (i + 1));
            mine.add(opened.get(opened.size() - 1));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allowance.openFor(user) == allowed);

        assertTooMany(rejection(board, "ticket=" + ticket(user), null), "one socket more than allowed");
        assertEquals(101, refusedWith(board, "ticket=" + ticket("someone-else-" + System.nanoTime()), null),
                "another user has an allowance of their own");

        mine.get(0).close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allowance.openFor(user) == allowed - 1);
        assertEquals(101, refusedWith(board, "ticket=" + ticket(user), null), "a closed socket is given back");
    }

    @Test
    void shouldRefuseAnonymousViewersPastTheReplicasAllowanceWith429() {
        String open = "b-anon-" + System.nanoTime();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", open, "anonymousView", true)).post("/api/leaderboards").then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> allowance.openFor(null) == 0);
        int allowed = config.limits().anonymousSockets(); // 3 in tests
        for (int i = 0; i < allowed; i++) {
            assertEquals(101, refusedWith(open, null, null), "anonymous viewer " + (i + 1));
        }
        assertTooMany(rejection(open, null, null), "one anonymous viewer more than this replica allows");
        assertEquals(101, refusedWith(open, "ticket=" + ticket("signed-in-" + System.nanoTime()), null),
                "a signed-in viewer still gets in");
    }
}
