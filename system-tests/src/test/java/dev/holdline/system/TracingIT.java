package dev.holdline.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.testing.NodeTests;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import dev.holdline.testing.Uploads;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 28: one request seen across the system. The five packaged services export every span to an in-process
 * Zipkin receiver (holdline.tracing.zipkin-endpoint, sampling 1.0), which keeps them and passes them on to a real
 * Zipkin server (the trace viewer of scripts/local up). Each test starts its request with a {@code traceparent} of
 * its own, as a traced browser or caller would, and finds every span of that trace id.
 */
class TracingIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> UPLOAD_PATH = Set.of("upload-service", "thumbnail-worker", "poll-gateway");

    private static HoldlineSystem system;
    /** Every span received, as Zipkin's JSON v2. */
    private static final List<JsonNode> spans = new CopyOnWriteArrayList<>();
    private static LoopbackHttpServer receiver;
    private static LoopbackHttpServer webhookReceiver;
    private static Process zipkin;
    private static volatile String zipkinUrl;

    @BeforeAll
    static void start() throws Exception {
        receiver = LoopbackHttpServer.start().route("POST", "/api/v2/spans", request -> {
            for (JsonNode span : JSON.readTree(request.body())) {
                spans.add(span);
            }
            forwardToZipkin(request.body());
            return Response.bytes(202, "text/plain", new byte[0]);
        });
        webhookReceiver = LoopbackHttpServer.start()
                .route("POST", "/hooks/.*", request -> Response.json(200, Map.of()));

        // the five services as the other system tests run them, every span exported to the receiver
        system = HoldlineSystem.start("tracing", Map.of(
                "*", Map.of("holdline.tracing.zipkin-endpoint", receiver.url() + "/api/v2/spans",
                        "quarkus.otel.traces.sampler.arg", "1.0"),
                "webhook-dispatcher", Map.of("webhooks.retry-schedule", "1s,1m")), 1);
        zipkin = startZipkin(); // last: its start takes the CPU the services need to start within their 60 s
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (webhookReceiver != null) {
            webhookReceiver.close();
        }
        if (zipkin != null) {
            zipkin.destroy();
            zipkin.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldMakeOneTraceOfAnUploadFromUploadServiceThroughTheWorkerToTheGateway() throws Exception {
        String caller = spanId();
        String trace = uploadTraced(caller);

        await("spans of " + UPLOAD_PATH + " in trace " + trace).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<JsonNode> found = spansOf(trace);
                    assertTrue(servicesOf(found).containsAll(UPLOAD_PATH), "services in the trace: " + describe(found));
                    assertOneTreeInCausalOrder(found, caller);
                    assertTrue(found.stream().anyMatch(span -> service(span).equals("poll-gateway")
                            && ancestors(span, found).stream().anyMatch(a -> service(a).equals("thumbnail-worker"))),
                            "the gateway's delivery of the worker's result descends from the worker's spans: "
                                    + describe(found));
                    // the hand-over to the held poll and status call that report it (docs/architecture.md, Tracing)
                    assertTrue(found.stream().anyMatch(span -> service(span).equals("poll-gateway")
                            && span.path("name").asText().equals("deliver image.completed")),
                            "poll-gateway's 'deliver image.completed' is in the trace: " + describe(found)
                                    + "; 'deliver' spans in other traces: " + elsewhere("deliver image.", trace));
                });
        List<JsonNode> found = spansOf(trace);
        JsonNode root = rootOf(found, caller);
        assertEquals("upload-service", service(root));
        assertEquals("SERVER", root.path("kind").asText(), "the upload request is the root: " + describe(found));
        assertTrue(root.path("name").asText().contains("/api/images"), describe(found));
        System.out.printf("upload trace %s: %d spans, %s%n", trace, found.size(), describe(found));
    }

    @Test
    void shouldMakeOneTraceOfAnOrderWithEveryWebhookAttempt() throws Exception {
        String path = "/hooks/" + UUID.randomUUID();
        String admin = TestTokens.bearer(TestTokens.USERS_KEY, "tracing-ops", "admin");
        HttpResponse<String> subscribed = HTTP.send(HttpRequest.newBuilder(
                URI.create(system.first("webhook-dispatcher").url("/api/webhooks/subscriptions")))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "url", webhookReceiver.url() + path, "eventTypes", List.of("order.*"))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, subscribed.statusCode(), subscribed.body());
        webhookReceiver.unavailableFor(1); // the first attempt gets 503: the order's webhook is sent twice

        String caller = spanId();
        String trace = traceId();
        HttpResponse<String> order = HTTP.send(HttpRequest.newBuilder(
                URI.create(system.first("leaderboard-service").url("/api/orders")))
                .header("Authorization", TestTokens.bearer(TestTokens.USERS_KEY, "tracing-buyer"))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .header("traceparent", "00-" + trace + "-" + caller + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"sword\",\"quantity\":1}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, order.statusCode(), order.body());

        await("a failed attempt and a successful retry at " + path).atMost(Duration.ofSeconds(60))
                .until(() -> attempts(path).size() >= 2);
        List<LoopbackHttpServer.Request> attempts = attempts(path);
        assertEquals(2, attempts.size(), "one 503, then one success");
        String webhookId = attempts.get(0).header("webhook-id");
        assertEquals(webhookId, attempts.get(1).header("webhook-id"), "the retry is the same message");
        // receivers are not told our trace ids (webhook-dispatcher sends no traceparent): the attempts are spans of
        // the dispatcher's, found by the webhook-id the receiver saw
        assertEquals(List.of(), attempts.stream().filter(a -> a.header("traceparent") != null).toList());

        await("spans of the order and its two attempts in trace " + trace).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<JsonNode> found = spansOf(trace);
                    assertTrue(servicesOf(found).containsAll(Set.of("leaderboard-service", "webhook-dispatcher")),
                            "services in the trace: " + describe(found));
                    List<JsonNode> sent = found.stream().filter(span -> service(span).equals("webhook-dispatcher")
                            && webhookId.equals(span.path("tags").path("holdline.webhook.id").asText())).toList();
                    assertEquals(List.of("1:503", "2:200"), sent.stream()
                            .map(span -> span.path("tags").path("holdline.delivery.attempt").asText() + ":"
                                    + span.path("tags").path("http.response.status_code").asText())
                            .sorted().toList(), "each attempt is a span of the order's trace: " + describe(found));
                    assertOneTreeInCausalOrder(found, caller);
                });
        List<JsonNode> found = spansOf(trace);
        assertEquals("leaderboard-service", service(rootOf(found, caller)), describe(found));
        System.out.printf("order trace %s: %d spans, %s%n", trace, found.size(), describe(found));
    }

    /** The screenshot of the README: one upload's trace in Zipkin's UI (src/test/js/trace-viewer.test.mjs). */
    @Test
    void shouldShowOneUploadsTraceInTheLocalTraceViewer() throws Exception {
        await("Zipkin's server").atMost(Duration.ofSeconds(120)).until(() -> {
            assertTrue(zipkin.isAlive(), "Zipkin's server exited; see target/zipkin.log");
            return statusOf(zipkinUrl + "/health") == 200;
        });
        String trace = uploadTraced(spanId());
        await("trace " + trace + " in Zipkin with " + UPLOAD_PATH).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create(zipkinUrl + "/api/v2/trace/" + trace)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        return false;
                    }
                    List<JsonNode> stored = new ArrayList<>();
                    JSON.readTree(answer.body()).forEach(stored::add);
                    return servicesOf(stored).containsAll(UPLOAD_PATH);
                });
        File js = new File("src/test/js");
        NodeTests.install(js, "playwright-core");
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        String output = NodeTests.run(js, Map.of("ZIPKIN_URL", zipkinUrl, "TRACE_ID", trace,
                "SERVICES", String.join(",", UPLOAD_PATH), "SCREENSHOTS", shots.toString(),
                "CHROMIUM", System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")),
                Path.of("target/trace-viewer-tests.log").toAbsolutePath(), Duration.ofSeconds(180),
                List.of("--test", "--test-concurrency=1", "trace-viewer.test.mjs"));
        assertTrue(output.contains("# pass 1\n") && output.contains("# fail 0\n"), output);
        assertTrue(Files.size(shots.resolve("trace-upload.png")) > 10_000, "trace-upload.png was saved");
    }

    /** Uploads a photo as a caller whose span is {@code caller} in a new sampled trace; answers the trace id. */
    private static String uploadTraced(String caller) throws Exception {
        String trace = traceId();
        String user = "tracing-" + UUID.randomUUID().toString().substring(0, 8);
        HttpRequest plain = Uploads.request(URI.create(system.first("upload-service").url("/api/images")),
                TestTokens.bearer(TestTokens.USERS_KEY, user), TestImages.jpeg(640, 480));
        HttpRequest traced = HttpRequest.newBuilder(plain, (name, value) -> true)
                .header("traceparent", "00-" + trace + "-" + caller + "-01").build();
        HttpResponse<String> answer = HTTP.send(traced, HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
        long id = JSON.readTree(answer.body()).path("id").asLong();
        // the held status call that reports the thumbnails (poll-gateway)
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(
                system.first("poll-gateway").url("/api/images/" + id + "/status?wait=30")))
                .header("Authorization", TestTokens.bearer(TestTokens.USERS_KEY, user)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode(), status.body());
        return trace;
    }

    /**
     * Every span's parent is in the trace, except the root's, which is the caller's; no span starts before its
     * parent (the processes share this machine's clock).
     */
    private static void assertOneTreeInCausalOrder(List<JsonNode> trace, String caller) {
        Map<String, JsonNode> byId = trace.stream()
                .collect(Collectors.toMap(span -> span.path("id").asText(), span -> span, (a, b) -> a));
        for (JsonNode span : trace) {
            String parent = span.path("parentId").asText("");
            if (parent.equals(caller)) {
                continue;
            }
            assertTrue(byId.containsKey(parent), "the parent of " + label(span) + " is in the trace: "
                    + describe(trace));
            assertTrue(span.path("timestamp").asLong() >= byId.get(parent).path("timestamp").asLong(),
                    label(span) + " starts after its parent " + label(byId.get(parent)));
        }
        assertEquals(1, trace.stream().filter(span -> span.path("parentId").asText("").equals(caller)).count(),
                "one root, the caller's request: " + describe(trace));
    }

    /** Spans named {@code prefix...} outside {@code trace}, as "name in trace (parent)". */
    private static List<String> elsewhere(String prefix, String trace) {
        return spans.stream().filter(span -> span.path("name").asText().startsWith(prefix)
                && !span.path("traceId").asText().equals(trace))
                .map(span -> span.path("name").asText() + " in " + span.path("traceId").asText() + " (parent "
                        + span.path("parentId").asText("none") + ")")
                .limit(5).toList();
    }

    private static JsonNode rootOf(List<JsonNode> trace, String caller) {
        return trace.stream().filter(span -> span.path("parentId").asText("").equals(caller)).findFirst()
                .orElseThrow();
    }

    private static List<JsonNode> ancestors(JsonNode span, List<JsonNode> trace) {
        Map<String, JsonNode> byId = trace.stream()
                .collect(Collectors.toMap(s -> s.path("id").asText(), s -> s, (a, b) -> a));
        List<JsonNode> chain = new ArrayList<>();
        JsonNode at = byId.get(span.path("parentId").asText(""));
        while (at != null && chain.size() < trace.size()) {
            chain.add(at);
            at = byId.get(at.path("parentId").asText(""));
        }
        return chain;
    }

    private static List<JsonNode> spansOf(String trace) {
        return spans.stream().filter(span -> span.path("traceId").asText().equals(trace)).toList();
    }

    private static Set<String> servicesOf(List<JsonNode> trace) {
        return trace.stream().map(TracingIT::service).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asText();
    }

    private static String label(JsonNode span) {
        return service(span) + ":" + span.path("name").asText() + "(" + span.path("kind").asText("-") + ")";
    }

    /** The spans in start order, as "service:name(kind)". */
    private static String describe(List<JsonNode> trace) {
        return trace.stream().sorted(java.util.Comparator.comparingLong(span -> span.path("timestamp").asLong()))
                .map(TracingIT::label).collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<LoopbackHttpServer.Request> attempts(String path) {
        return webhookReceiver.received().stream().filter(request -> request.path().equals(path)).toList();
    }

    private static String traceId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String spanId() {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static int statusOf(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Zipkin's server in memory on a free port (target/zipkin/zipkin-server.jar, copied by the build). */
    private static Process startZipkin() throws IOException {
        File jar = new File("target/zipkin/zipkin-server.jar");
        if (!jar.isFile()) {
            throw new IllegalStateException("no " + jar + ": run through Maven (pre-integration-test copies it)");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        zipkinUrl = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                "-jar", jar.getPath()).redirectErrorStream(true).redirectOutput(new File("target/zipkin.log"));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("QUERY_PORT", Integer.toString(port));
        return builder.start();
    }

    /** Passes a batch on to the Zipkin server once it listens (the ones before are only kept here). */
    private static void forwardToZipkin(byte[] body) {
        if (zipkinUrl == null) {
            return;
        }
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(zipkinUrl + "/api/v2/spans"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException notYet) {
            // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
