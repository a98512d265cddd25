package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import dev.holdline.testing.Uploads;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The cluster soak (issue 27): the whole system (five packaged services, two poll-gateway replicas) on a local
 * three-node RabbitMQ cluster ({@link RabbitCluster}, started here and always stopped), with load on every path:
 * chat messages followed by cursor, image uploads to COMPLETED, orders to a webhook receiver, scores to a
 * WebSocket. Every 30 s the node leading the gateway's stream is killed (SIGKILL of its beam) and started again,
 * then the node leading a quorum queue, and so on. The last line counts every path; the test fails if anything
 * accepted was lost.
 *
 * <p>Runs in its own failsafe execution ({@code cluster-soak} in this module's pom), whose environment points the
 * tests' broker settings at the cluster's first node, never at the machine's broker. {@code cluster.soak.minutes}
 * (1 in the test command: one kill; {@code scripts/soak cluster 5} for five minutes, nine kills).
 */
@EnabledIfEnvironmentVariable(named = "HOLDLINE_CLUSTER_SOAK", matches = "true")
class ClusterSoakIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KILL_EVERY = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldLoseNothingOnAnyPathWhileTheNodesLeadingTheQueuesAreKilled() throws Exception {
        long minutes = Long.parseLong(System.getProperty("cluster.soak.minutes", "1"));
        String name = System.getenv().getOrDefault("HOLDLINE_CLUSTER_NAME", "holdlinesoak");
        int basePort = Integer.parseInt(System.getenv().getOrDefault("HOLDLINE_CLUSTER_PORT", "5710"));
        try (RabbitCluster cluster = RabbitCluster.up(name, basePort, new File("target/rabbitmq-cluster"));
                LoopbackHttpServer receiver = LoopbackHttpServer.start()
                        .route("POST", "/orders", request -> Response.json(200, Map.of()));
                HoldlineSystem system = HoldlineSystem.start("cluster", settings(cluster, receiver), 2)) {
            soak(minutes, cluster, receiver, system);
        }
    }

    /** Every service on every node's address; allowances above what the load asks. */
    private static Map<String, Map<String, String>> settings(RabbitCluster cluster, LoopbackHttpServer receiver) {
        return Map.of(
                "*", Map.of("rabbitmq-addresses", cluster.addresses()),
                "upload-service", Map.of("upload.uploads-burst", "100000", "upload.uploads-per-minute", "1000000"),
                "leaderboard-service", Map.of("leaderboard.top-size", "1000",
                        "leaderboard.limits.scores-burst", "100000", "leaderboard.limits.scores-per-minute", "1000000",
                        "leaderboard.limits.orders-burst", "100000", "leaderboard.limits.orders-per-minute", "1000000"),
                "webhook-dispatcher", Map.of("holdline.webhooks.soak.url", receiver.url() + "/orders",
                        "holdline.webhooks.soak.event-types", "order.placed",
                        "holdline.webhooks.soak.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "poll-gateway", Map.of("gateway.poll.max-per-user", "50", "gateway.presence.enabled", "false",
                        "gateway.limits.messages-burst", "100000", "gateway.limits.messages-per-minute", "1000000"));
    }

    private static void soak(long minutes, RabbitCluster cluster, LoopbackHttpServer receiver, HoldlineSystem system)
            throws Exception {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MINUTES.toNanos(minutes);
        List<ServiceProcess> gateways = system.all("poll-gateway");
        ServiceProcess upload = system.first("upload-service");
        ServiceProcess leaderboard = system.first("leaderboard-service");

        Chat chat = new Chat("cluster" + System.nanoTime(), TestTokens.bearer(KEY, "soaker"));
        Images images = new Images(upload);
        Orders orders = new Orders(leaderboard, receiver);
        Scores scores = new Scores(leaderboard);
        List<Thread> load = new ArrayList<>(List.of(chat.sender(n -> gateways.get(n % 2), deadline),
                images.sender(deadline), orders.sender(deadline), scores.sender(deadline)));
        Thread reader = chat.reader(n -> gateways.get(n % 2), chat.cursor(gateways.get(0)));
        scores.watch();
        reader.start();
        load.forEach(Thread::start);
        System.out.println("cluster soak: connections by node port at the start " + connections(cluster));

        String suffix = system.queueSuffix();
        String stream = "poll-gateway.events" + suffix;
        List<String> quorum = List.of("webhook-dispatcher.events" + suffix, "thumbnail-worker.image-uploaded" + suffix);
        int kills = 0;
        for (long next = started + KILL_EVERY; next < deadline; next += KILL_EVERY) {
            Chat.pause(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
            String queue = kills % 2 == 0 ? stream : quorum.get(kills / 2 % quorum.size());
            int victim = cluster.leader(queue);
            System.out.printf("cluster soak: kill %d at %d s: %s, leader of %s%n", kills + 1,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), cluster.node(victim), queue);
            cluster.kill(victim);
            kills++;
            cluster.start(victim);
            System.out.printf("cluster soak: %s back at %d s, %d nodes running%n", cluster.node(victim),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), cluster.running());
        }
        for (Thread thread : load) {
            thread.join();
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    chat.allDelivered() && images.allCompleted() && orders.allDelivered() && scores.allPushed());
        } catch (ConditionTimeoutException e) {
            // counted below: what did not arrive is lost
        }
        reader.interrupt();
        reader.join(10_000);
        scores.stop();
        System.out.println("cluster soak: connections by node port at the end " + connections(cluster));
        System.out.println("cluster soak: chat messages delivered unconfirmed (refused with 503, sent again) "
                + chat.unconfirmed());
        chat.someLost().forEach(id -> System.out.println("cluster soak: chat message lost " + id));
        images.pending().forEach(id -> System.out.println("cluster soak: image not completed " + id));
        orders.pending().forEach(id -> System.out.println("cluster soak: order without webhook " + id));
        scores.pending().forEach(p -> System.out.println("cluster soak: score never pushed " + p));
        System.out.printf("cluster soak: %d min, %d node kills: chat sent %d, delivered %d, lost %d, duplicated %d,"
                + " gaps %d; images %d, completed %d; orders %d, webhooks delivered %d; scores %d, pushed %d%n",
                minutes, kills, chat.sent.size(), chat.delivered(), chat.lost(), chat.duplicated(), chat.gaps.get(),
                images.accepted.size(), images.completed.size(), orders.placed.size(), orders.delivered().size(),
                scores.posted.size(), scores.pushed().size());
        assertTrue(kills >= 1, "a node was killed");
        assertEquals(chat.sent.size(), chat.delivered(), "every chat message the gateways accepted was delivered");
        assertEquals(0, chat.gaps.get(), "no gap: the reader's cursor was always held");
        // a post whose confirm was lost with a node is sent again with its Idempotency-Key: readers see it once
        assertEquals(0, chat.duplicated(), "no chat message shown twice (by id or by text)");
        assertEquals(images.accepted.size(), images.completed.size(), "every accepted image was completed");
        assertEquals(orders.placed.size(), orders.delivered().size(), "every order reached the webhook receiver");
        assertEquals(scores.posted.size(), scores.pushed().size(), "every score was pushed to the socket");
    }

    /** How many client connections each node holds, by its AMQP port: how the services spread over the nodes. */
    private static Map<String, Long> connections(RabbitCluster cluster) {
        try {
            return cluster.ctl(1, "list_connections", "port", "--no-table-headers").lines().map(String::strip)
                    .filter(line -> line.matches("[0-9]+")).collect(java.util.stream.Collectors.groupingBy(
                            line -> line, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        } catch (Exception e) {
            return Map.of("unknown: " + e.getMessage(), 0L);
        }
    }

    private static HttpResponse<String> call(String method, String url, String token, String body,
            String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One image every 2 s, counted when accepted (202); completed once upload-service says COMPLETED. */
    private static final class Images {
        final Set<Long> accepted = ConcurrentHashMap.newKeySet();
        final Set<Long> completed = ConcurrentHashMap.newKeySet();
        private final ServiceProcess upload;
        private final String token = TestTokens.bearer(KEY, "soak-images");
        private final byte[] photo = TestImages.jpeg(64, 48);

        Images(ServiceProcess upload) {
            this.upload = upload;
        }

        Thread sender(long deadline) {
            return new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        HttpResponse<String> answer = HTTP.send(Uploads.request(URI.create(upload.url("/api/images")),
                                token, photo), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 202) {
                            accepted.add(JSON.readTree(answer.body()).path("id").asLong());
                        }
                    } catch (Exception e) {
                        // not accepted: not counted
                    }
                    Chat.pause(2000);
                }
            }, "images-sender");
        }

        List<Long> pending() {
            return accepted.stream().filter(id -> !completed.contains(id)).sorted().toList();
        }

        boolean allCompleted() throws Exception {
            for (long id : pending()) {
                HttpResponse<String> image = call("GET", upload.url("/api/images/" + id), token, null, null);
                if (image.statusCode() == 200 && "COMPLETED".equals(JSON.readTree(image.body()).path("status").asText())) {
                    completed.add(id);
                }
            }
            return completed.size() == accepted.size();
        }
    }

    /** An order a second (an Idempotency-Key per order, sent again until answered); delivered once the receiver has it. */
    private static final class Orders {
        final Set<String> placed = ConcurrentHashMap.newKeySet();
        private final ServiceProcess leaderboard;
        private final LoopbackHttpServer receiver;
        private final String token = TestTokens.bearer(KEY, "soak-buyer", "player");

        Orders(ServiceProcess leaderboard, LoopbackHttpServer receiver) {
            this.leaderboard = leaderboard;
            this.receiver = receiver;
        }

        Thread sender(long deadline) {
            return new Thread(() -> {
                String key = UUID.randomUUID().toString();
                while (System.nanoTime() < deadline) {
                    try {
                        // the demo catalogue's sword (catalogue.seed-demo-items)
                        HttpResponse<String> answer = call("POST", leaderboard.url("/api/orders"), token,
                                "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"sword\",\"quantity\":1}]}", key);
                        if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                            placed.add(JSON.readTree(answer.body()).path("id").asText());
                            key = UUID.randomUUID().toString();
                        }
                    } catch (Exception e) {
                        // the same key again: placed at most once
                    }
                    Chat.pause(1000);
                }
            }, "orders-sender");
        }

        Set<String> delivered() {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (LoopbackHttpServer.Request request : receiver.received()) {
                try {
                    ids.add(JSON.readTree(request.body()).path("data").path("orderId").asText());
                } catch (java.io.IOException ignored) {
                    // not JSON: not one of ours
                }
            }
            ids.retainAll(placed);
            return ids;
        }

        boolean allDelivered() {
            return delivered().size() == placed.size();
        }

        List<String> pending() {
            Set<String> delivered = delivered();
            return placed.stream().filter(id -> !delivered.contains(id)).sorted().toList();
        }
    }

    /**
     * A score a second for a new player on a board of the run (an admin names the player; the score rises, so
     * each is the board's new first), and a socket on the board that collects every player a snapshot shows.
     * The board's top holds every player (leaderboard.top-size 1000), so a socket opened again after its
     * connection dropped catches up from its first snapshot.
     */
    private static final class Scores {
        final Set<String> posted = ConcurrentHashMap.newKeySet();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final ServiceProcess leaderboard;
        private final String admin = TestTokens.bearer(KEY, "ops", "admin");
        private final String board = "cluster-" + System.nanoTime();
        private volatile boolean stopped;
        private volatile WebSocket socket;
        private Thread watcher;

        Scores(ServiceProcess leaderboard) throws Exception {
            this.leaderboard = leaderboard;
            HttpResponse<String> created = call("POST", leaderboard.url("/api/leaderboards"), admin,
                    "{\"id\":\"" + board + "\",\"operator\":\"set\"}", null);
            assertEquals(201, created.statusCode(), created.body());
        }

        Thread sender(long deadline) {
            return new Thread(() -> {
                int n = 1;
                String key = UUID.randomUUID().toString();
                while (System.nanoTime() < deadline) {
                    String player = "p" + n;
                    try {
                        HttpResponse<String> answer = call("POST", leaderboard.url("/api/leaderboards/" + board
                                + "/scores"), admin, "{\"score\":" + n + ",\"player\":\"" + player + "\"}", key);
                        if (answer.statusCode() == 200) {
                            posted.add(player);
                            n++;
                            key = UUID.randomUUID().toString();
                        }
                    } catch (Exception e) {
                        // the same key again: applied at most once
                    }
                    Chat.pause(1000);
                }
            }, "scores-sender");
        }

        /** Keeps a socket open on the board until {@link #stop()}, opening another when one closes. */
        void watch() {
            watcher = new Thread(() -> {
                while (!stopped) {
                    WebSocket current = socket;
                    if (current == null || current.isInputClosed()) {
                        try {
                            socket = open();
                        } catch (Exception e) {
                            socket = null;
                        }
                    }
                    Chat.pause(500);
                }
            }, "scores-socket");
            watcher.start();
        }

        private WebSocket open() throws Exception {
            HttpResponse<String> issued = call("POST", leaderboard.url("/api/ws-tickets"),
                    TestTokens.bearer(KEY, "soak-viewer", "player"), null, null);
            if (issued.statusCode() != 201) {
                throw new IllegalStateException("no ticket: " + issued.statusCode());
            }
            String ticket = JSON.readTree(issued.body()).path("ticket").asText();
            return HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + leaderboard.port()
                    + "/ws/leaderboards/" + board + "?ticket=" + ticket), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                try {
                                    for (JsonNode entry : JSON.readTree(partial.toString()).path("entries")) {
                                        seen.add(entry.path("player").asText());
                                    }
                                } catch (java.io.IOException ignored) {
                                    // not a snapshot
                                }
                                partial.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
        }

        Set<String> pushed() {
            Set<String> players = ConcurrentHashMap.newKeySet();
            players.addAll(seen);
            players.retainAll(posted);
            return players;
        }

        boolean allPushed() {
            return pushed().size() == posted.size();
        }

        List<String> pending() {
            return posted.stream().filter(p -> !seen.contains(p)).sorted().toList();
        }

        void stop() throws InterruptedException {
            stopped = true;
            if (watcher != null) {
                watcher.join(5000);
            }
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
