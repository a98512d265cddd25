package dev.holdline.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged dispatcher killed with SIGKILL while a receiver holds its request: a new process re-sends the
 * delivery once its lease lapses, with the same webhook-id, and there is still one delivery row.
 */
class DispatcherCrashIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static HoldlineTestResource infra;
    private static Map<String, String> config;

    @BeforeAll
    static void start() {
        infra = new HoldlineTestResource();
        infra.init(Map.of("queues", "webhook-dispatcher.events", "rabbitUser", "webhook-dispatcher"));
        config = new HashMap<>(infra.start());
        config.put("webhooks.require-https", "false");
        config.put("webhooks.allowed-cidrs", "127.0.0.1/32");
        // longer than a loaded machine takes from an answer to its record (3 s was not, under a load of 30: the
        // delivery was sent a third time); the second process takes longer than this to start anyway
        config.put("webhooks.lease", "10s");
        config.put("webhooks.poll-interval", "200ms");
        config.put("mp.messaging.incoming.events.routing-keys", "test.#"); // the test's own type (uniqueType)
    }

    @AfterAll
    static void stop() {
        infra.stop();
    }

    static JsonNode call(ServiceProcess service, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", TestTokens.bearer(KEY, "ops", "admin"))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + ": " + response.statusCode() + " "
                + response.body());
        return Webhooks.JSON.readTree(response.body());
    }

    @Test
    void shouldResendWithTheSameWebhookIdAfterACrashMidDelivery() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LoopbackHttpServer receiver = LoopbackHttpServer.start(); EventProbe probe = EventProbe.listen("none")) {
            receiver.route("POST", "/hook", request -> {
                if (firstHeld.getCount() == 1) {
                    firstHeld.countDown();
                    release.await(30, TimeUnit.SECONDS); // the dispatcher dies while this request is open
                }
                return Response.json(200, Map.of());
            });
            String type = Webhooks.uniqueType("crash");
            String subscription;
            ServiceProcess first = ServiceProcess.start("webhook-dispatcher-crash-a", config);
            try {
                subscription = call(first, "POST", "/api/webhooks/subscriptions", Webhooks.JSON.writeValueAsString(
                        Map.of("url", receiver.url() + "/hook", "eventTypes", List.of(type)))).path("id").asText();
                probe.publish(Webhooks.event(type, Map.of("n", 1)));
                assertTrue(firstHeld.await(20, TimeUnit.SECONDS), "the first request never came");
            } finally {
                first.kill();
            }
            release.countDown();
            try (ServiceProcess second = ServiceProcess.start("webhook-dispatcher-crash-b", config)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> hits(receiver).size() >= 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(call(second, "GET",
                        "/api/webhooks/deliveries?subscription=" + subscription, null).path("items").path(0)
                        .path("status").asText()));
                List<Request> hits = hits(receiver);
                assertEquals(2, hits.size());
                assertEquals(hits.get(0).header("webhook-id"), hits.get(1).header("webhook-id"));
                JsonNode deliveries = call(second, "GET", "/api/webhooks/deliveries?subscription=" + subscription,
                        null).path("items");
                assertEquals(1, deliveries.size(), deliveries.toString());
                assertEquals(hits.get(0).header("webhook-id"), deliveries.get(0).path("webhookId").asText());
            }
        }
    }

    private static List<Request> hits(LoopbackHttpServer receiver) {
        return receiver.received().stream().filter(r -> r.path().equals("/hook")).toList();
    }
}
