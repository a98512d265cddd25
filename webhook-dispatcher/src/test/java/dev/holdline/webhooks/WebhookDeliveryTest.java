package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.admin;
import static dev.holdline.webhooks.Webhooks.event;
import static dev.holdline.webhooks.Webhooks.get;
import static dev.holdline.webhooks.Webhooks.subscribe;
import static dev.holdline.webhooks.Webhooks.uniqueType;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.events.CloudEvent;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.testing.RecordedSpans;
import dev.holdline.testing.TestInfra;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.api.common.AttributeKey;
import dev.holdline.webhooks.service.WebhookSignature;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Tracer tracer;

    @Inject
    RecordedSpans spans;

    private EventProbe probe;
    private LoopbackHttpServer receiver;
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        probe = EventProbe.listen("nothing.is.bound.here");
        receiver = LoopbackHttpServer.start();
    }

    @AfterEach
    void stop() {
        probe.close();
        receiver.close();
    }

    /** The receiver answers each POST to /hook with what {@code answer} gives. */
    private String hook(LoopbackHttpServer.Handler answer) {
        receiver.route("POST", "/hook", request -> {
            arrivals.add(System.nanoTime());
            return answer.handle(request);
        });
        return receiver.url() + "/hook";
    }

    private static Response status(int code) {
        return Response.json(code, Map.of("code", code));
    }

    private List<Request> hits() {
        return receiver.received().stream().filter(r -> r.path().equals("/hook")).toList();
    }

    private static JsonNode deliveries(String subscription) throws Exception {
        return get("/api/webhooks/deliveries?subscription=" + subscription).path("items");
    }

    private static JsonNode onlyDelivery(String subscription) throws Exception {
        JsonNode items = deliveries(subscription);
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    @Test
    void shouldDeliverASignedEventThatTheReferenceLibraryVerifies() throws Exception {
        String type = uniqueType("signed");
        JsonNode subscription = subscribe(hook(r -> status(204)), List.of(type), null);
        String secret = subscription.path("secret").asText();

        probe.publish(event(type, Map.of("orderId", "o-1", "total", "12.50")));

        await().atMost(WAIT).until(() -> hits().size() == 1);
        Request request = hits().get(0);
        JsonNode body = Webhooks.JSON.readTree(request.body());
        assertEquals(type, body.path("type").asText());
        assertEquals("o-1", body.path("data").path("orderId").asText());
        assertTrue(body.path("timestamp").asText().endsWith("Z"), body.toString());
        assertTrue(request.header("webhook-id").startsWith("msg_"), request.header("webhook-id"));
        assertTrue(request.header("user-agent").startsWith("Holdline-Webhooks/"), request.header("user-agent"));
        assertEquals("application/json", request.header("content-type"));
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertTrue(Math.abs(timestamp - System.currentTimeMillis() / 1000) < 60);
        assertEquals(WebhookSignature.sign(secret, request.header("webhook-id"), timestamp, request.body()),
                request.header("webhook-signature"));
        assertEquals(java.util.Collections.singletonList(null), Webhooks.verifyWithReference(secret, hits()));
        assertTrue(Webhooks.verifyWithReference(WebhookSignature.newSecret(), hits()).get(0) != null,
                "a wrong secret must not verify");
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(subscription.path("id").asText())
                .path("status").asText()));
    }

    @Test
    void shouldRetryAFailingReceiverUntilOneSuccessWithOneStableWebhookId() throws Exception {
        String type = uniqueType("flaky");
        AtomicInteger calls = new AtomicInteger();
        JsonNode subscription = subscribe(hook(r -> status(calls.incrementAndGet() <= 2 ? 500 : 200)),
                List.of(type), null);
        String id = subscription.path("id").asText();

        probe.publish(event(type, Map.of("n", 1)));

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(id).path("status").asText()));
        List<Request> hits = hits();
        assertEquals(3, hits.size());
        assertEquals(1, hits.stream().map(r -> r.header("webhook-id")).distinct().count());
        JsonNode delivery = onlyDelivery(id);
        assertEquals(hits.get(0).header("webhook-id"), delivery.path("webhookId").asText());
        JsonNode attempts = get("/api/webhooks/deliveries/" + delivery.path("id").asLong() + "/attempts");
        assertEquals(3, attempts.size());
        assertEquals(500, attempts.get(0).path("statusCode").asInt());
        assertEquals("HTTP_STATUS", attempts.get(0).path("errorKind").asText());
        assertEquals("127.0.0.1", attempts.get(0).path("resolvedIp").asText());
        assertTrue(attempts.get(0).path("responseBody").asText().contains("500"));
        assertEquals(1, java.util.stream.StreamSupport.stream(attempts.spliterator(), false)
                .filter(a -> a.path("succeeded").asBoolean()).count());
    }

    @Test
    void shouldMakeEveryAttemptRetriesIncludedASpanInTheOrdersTrace() throws Exception {
        String type = uniqueType("traced");
        AtomicInteger calls = new AtomicInteger();
        String id = subscribe(hook(r -> status(calls.incrementAndGet() <= 2 ? 503 : 200)), List.of(type), null)
                .path("id").asText();
        // the order's request in leaderboard-service, whose outbox publish carries its traceparent
        Span order = tracer.spanBuilder("POST /api/orders").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope scope = order.makeCurrent()) {
            probe.publish(event(type, Map.of("orderId", "o-traced")));
        } finally {
            order.end();
        }
        String traceId = order.getSpanContext().getTraceId();

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(id).path("status").asText()));
        // the retries were made later by the retry lane, from the database: still the order's trace
        List<SpanData> attempts = await().atMost(WAIT).until(() -> spans.ofTrace(traceId).stream()
                .filter(s -> s.getName().equals("webhook " + type)).toList(), a -> a.size() == 3);
        assertEquals(List.of(1L, 2L, 3L), attempts.stream()
                .map(a -> a.getAttributes().get(AttributeKey.longKey("holdline.delivery.attempt"))).sorted().toList());
        assertTrue(attempts.stream().allMatch(a -> a.getKind() == SpanKind.CLIENT));
        assertEquals(2, attempts.stream().filter(a -> a.getStatus().getStatusCode()
                == io.opentelemetry.api.trace.StatusCode.ERROR).count(), "the two 503s are failed attempts");
        // each attempt hangs under the dispatcher's CONSUMER span of the event, itself under the order's span
        SpanData consumed = spans.ofTrace(traceId).stream().filter(s -> s.getKind() == SpanKind.CONSUMER)
                .findFirst().orElseThrow(() -> new AssertionError("no consumer span in " + spans.ofTrace(traceId)));
        assertEquals(order.getSpanContext().getSpanId(), consumed.getParentSpanId());
        assertTrue(attempts.stream().allMatch(a -> a.getParentSpanId().equals(consumed.getSpanId())),
                attempts + " under " + consumed);
        assertTrue(hits().stream().allMatch(r -> r.header("traceparent") == null),
                "no trace ids of ours to the receiver");
    }

    @Test
    void shouldRecordAnAnswerWhateverBytesItHolds() throws Exception {
        String type = uniqueType("nul");
        String id = subscribe(hook(r -> Response.bytes(200, "text/plain", "ok\0\u00ff".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))), List.of(type), null).path("id").asText();

        probe.publish(event(type, Map.of()));

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(id).path("status").asText()));
        assertEquals(1, hits().size());
        JsonNode attempts = get("/api/webhooks/deliveries/" + onlyDelivery(id).path("id").asLong() + "/attempts");
        assertTrue(attempts.get(0).path("responseBody").asText().startsWith("ok"), attempts.toString());
    }

    @Test
    void shouldWaitOutRetryAfter() throws Exception {
        String type = uniqueType("busy");
        AtomicInteger calls = new AtomicInteger();
        String id = subscribe(hook(r -> calls.incrementAndGet() == 1
                ? status(503).withHeader("Retry-After", "2") : status(200)), List.of(type), null).path("id").asText();

        probe.publish(event(type, Map.of()));

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(id).path("status").asText()));
        List<Long> times = List.copyOf(arrivals);
        assertEquals(2, times.size());
        long gapMillis = (times.get(1) - times.get(0)) / 1_000_000;
        assertTrue(gapMillis >= 1900, "the retry came " + gapMillis + " ms after a Retry-After of 2 s (schedule: 200 ms)");
    }

    @Test
    void shouldDisableASubscriptionWhoseEndpointAnswersGone() throws Exception {
        String type = uniqueType("gone");
        String id = subscribe(hook(r -> status(410)), List.of(type), null).path("id").asText();

        probe.publish(event(type, Map.of()));

        await().atMost(WAIT).until(() -> "DISABLED".equals(get("/api/webhooks/subscriptions/" + id)
                .path("status").asText()));
        assertTrue(get("/api/webhooks/subscriptions/" + id).path("disabledReason").asText().contains("410"));
        assertEquals("FAILED", onlyDelivery(id).path("status").asText());
        assertEquals(1, hits().size());
    }

    @Test
    void shouldSignWithBothSecretsWhileARotatedSecretOverlaps() throws Exception {
        String type = uniqueType("rotated");
        JsonNode subscription = subscribe(hook(r -> status(200)), List.of(type), null);
        String id = subscription.path("id").asText();
        String oldSecret = subscription.path("secret").asText();
        String newSecret = Webhooks.JSON.readTree(given().header("Authorization", admin())
                .post("/api/webhooks/subscriptions/" + id + "/rotate-secret").then().statusCode(200).extract()
                .asString()).path("secret").asText();
        assertTrue(newSecret.startsWith("whsec_") && !newSecret.equals(oldSecret));

        probe.publish(event(type, Map.of()));

        await().atMost(WAIT).until(() -> hits().size() == 1);
        assertEquals(2, hits().get(0).header("webhook-signature").split(" ").length);
        assertNull(Webhooks.verifyWithReference(oldSecret, hits()).get(0));
        assertNull(Webhooks.verifyWithReference(newSecret, hits()).get(0));
        assertTrue(get("/api/webhooks/subscriptions/" + id).path("secret").isMissingNode(),
                "a secret is shown only at creation and rotation");
    }

    @Test
    void shouldRefuseBlockedAddressesAgainAtSendWithoutConnecting() throws Exception {
        String type = uniqueType("rebound");
        String port = receiver.url().substring(receiver.url().lastIndexOf(':') + 1);
        // as if each name now resolved elsewhere: the stored URLs point at addresses the allow-list does not cover
        List<String> blocked = List.of("http://127.0.0.2:" + port + "/hook", "http://2130706434:" + port + "/hook",
                "http://0177.0.0.2:" + port + "/hook", "http://[::1]:" + port + "/hook",
                "http://[::ffff:127.0.0.2]:" + port + "/hook", "http://169.254.169.254/latest/meta-data/",
                "http://[64:ff9b::a9fe:a9fe]/", "http://10.0.0.1:" + port + "/hook");
        List<String> ids = new java.util.ArrayList<>();
        for (String url : blocked) {
            String id = subscribe(hook(r -> status(200)), List.of(type), null).path("id").asText();
            try (var connection = dataSource.getConnection(); PreparedStatement statement =
                    connection.prepareStatement("UPDATE subscription SET url = ? WHERE id = ?")) {
                statement.setString(1, url);
                statement.setString(2, id);
                assertEquals(1, statement.executeUpdate());
            }
            ids.add(id);
        }

        probe.publish(event(type, Map.of()));

        for (String id : ids) {
            await().atMost(WAIT).until(() -> deliveries(id).size() == 1
                    && onlyDelivery(id).path("attempts").asInt() >= 1);
            JsonNode attempts = get("/api/webhooks/deliveries/" + onlyDelivery(id).path("id").asLong() + "/attempts");
            assertEquals("BLOCKED_ADDRESS", attempts.get(0).path("errorKind").asText(), attempts.toString());
            assertTrue(attempts.get(0).path("statusCode").isNull());
        }
        assertEquals(0, hits().size());
    }

    @Test
    void shouldParkAPoisonedMessageInTheDeadLetterQueue() throws Exception {
        String dlq = "webhook-dispatcher.events" + System.getProperty("holdline.test.queue-suffix") + ".dlq";
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            long before = channel.messageCount(dlq);

            probe.publishRaw("test.poison.pill", "{this is not a CloudEvent");

            await().atMost(WAIT).until(() -> channel.messageCount(dlq) == before + 1);
        }
    }

    @Test
    void shouldSendFirstAttemptsToOthersWhileOneEndpointHangs() throws Exception {
        String type = uniqueType("hang");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        try (LoopbackHttpServer slow = LoopbackHttpServer.start()) {
            slow.route("POST", "/slow", r -> {
                hanging.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                return status(200);
            });
            subscribe(slow.url() + "/slow", List.of(type), null);
            subscribe(hook(r -> status(200)), List.of(type), null);

            for (int i = 0; i < 60; i++) {
                probe.publish(event(type, Map.of("i", i)));
            }

            await().atMost(WAIT).until(() -> hits().size() == 60);
            assertTrue(release.getCount() == 1 && hanging.get() > 0,
                    "all 60 reached the healthy receiver while the other still hangs");
            assertTrue(hanging.get() <= 32, "at most the per-subscription cap is in flight: " + hanging.get());
            release.countDown();
        }
    }

    @Test
    void shouldDeliverOrderPlacedUnderTheSeedNameToSubscriptionsThatAskForIt() throws Exception {
        List<String> types = new java.util.concurrent.CopyOnWriteArrayList<>();
        String url = hook(r -> {
            types.add(Webhooks.JSON.readTree(r.body()).path("type").asText());
            return status(200);
        });
        JsonNode seed = subscribe(url, List.of("order.placed"), "SEED");
        JsonNode holdline = subscribe(url, List.of("order.*"), null);
        String orderId = "ord-" + System.nanoTime();

        probe.publish(event("order.placed", Map.of("orderId", orderId, "buyer", "ann")));

        await().atMost(WAIT).until(() -> types.size() == 2);
        assertTrue(types.containsAll(List.of("PURCHASE_COMPLETED", "order.placed")), types.toString());
        assertEquals("PURCHASE_COMPLETED", onlyDelivery(seed.path("id").asText()).path("eventType").asText());
        assertEquals("order.placed", onlyDelivery(holdline.path("id").asText()).path("eventType").asText());
    }

    @Test
    void shouldStoreAnEventTakenTwiceOnlyOnce() throws Exception {
        String type = uniqueType("twice");
        String id = subscribe(hook(r -> status(200)), List.of(type), null).path("id").asText();
        CloudEvent event = event(type, Map.of("n", 1));
        CloudEvent marker = event(type, Map.of("n", 2));

        probe.publish(event);
        probe.publish(event);
        probe.publish(marker);

        await().atMost(WAIT).until(() -> hits().size() >= 2 && deliveries(id).size() >= 2);
        JsonNode all = deliveries(id);
        assertEquals(2, all.size(), all.toString());
        assertEquals(2, hits().size());
    }

    @Test
    void shouldRetryAFailedDeliveryAndRecoverASubscriptionsFailures() throws Exception {
        String type = uniqueType("recover");
        AtomicInteger answer = new AtomicInteger(500);
        String id = subscribe(hook(r -> status(answer.get())), List.of(type), null).path("id").asText();

        probe.publish(event(type, Map.of("n", 1)));
        probe.publish(event(type, Map.of("n", 2)));

        await().atMost(WAIT).until(() -> {
            JsonNode all = deliveries(id);
            return all.size() == 2 && all.get(0).path("status").asText().equals("FAILED")
                    && all.get(1).path("status").asText().equals("FAILED");
        });
        assertEquals(8, hits().size(), "four attempts each (the test schedule has three delays)");
        answer.set(200);
        JsonNode first = deliveries(id).get(1);

        given().header("Authorization", admin()).post("/api/webhooks/deliveries/" + first.path("id").asLong() + "/retry")
                .then().statusCode(200);

        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(get("/api/webhooks/deliveries/"
                + first.path("id").asLong()).path("status").asText()));
        assertEquals(first.path("webhookId").asText(), hits().get(hits().size() - 1).header("webhook-id"));

        JsonNode recovered = Webhooks.JSON.readTree(given().header("Authorization", admin())
                .queryParam("since", "2020-01-01T00:00:00Z").post("/api/webhooks/subscriptions/" + id + "/recover")
                .then().statusCode(200).extract().asString());
        assertEquals(1, recovered.path("requeued").asInt());
        await().atMost(WAIT).until(() -> get("/api/webhooks/deliveries?status=SUCCEEDED&subscription=" + id)
                .path("items").size() == 2);
    }

    @Test
    void shouldSendATestEventOnRequest() throws Exception {
        JsonNode subscription = subscribe(hook(r -> status(200)), List.of("nothing.else"), null);

        given().header("Authorization", admin())
                .post("/api/webhooks/subscriptions/" + subscription.path("id").asText() + "/test")
                .then().statusCode(202);

        await().atMost(WAIT).until(() -> hits().size() == 1);
        assertEquals("webhook.test", Webhooks.JSON.readTree(hits().get(0).body()).path("type").asText());
        assertNotNull(hits().get(0).header("webhook-signature"));
    }
}
