package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.event;
import static dev.holdline.webhooks.Webhooks.get;
import static dev.holdline.webhooks.Webhooks.subscribe;
import static dev.holdline.webhooks.Webhooks.uniqueType;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.CloudEvent;
import dev.holdline.testing.ServiceMetrics;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.webhooks.repository.DeliveryPruning;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Circuits, disabling a long-failing subscription, pruning and metrics, on a compressed clock of settings. */
@QuarkusTest
@TestProfile(SubscriptionHealthTest.Compressed.class)
class SubscriptionHealthTest {

    public static class Compressed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhooks.circuit-failures", "3", "webhooks.circuit-open", "30s",
                    "webhooks.disable-after", "1s", "webhooks.watch-interval", "1s",
                    "webhooks.retry-schedule", "100ms,100ms,100ms,100ms,100ms,100ms");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DeliveryPruning pruning;

    @Test
    void shouldOpenTheCircuitOfAFailingEndpointAndDisableItAndTellTheAdmins() throws Exception {
        String type = uniqueType("dead");
        try (LoopbackHttpServer receiver = LoopbackHttpServer.start();
                EventProbe probe = EventProbe.listen("notification")) {
            receiver.route("POST", "/hook/.*", r -> Response.json(500, Map.of()));
            // a URL holding secrets, as receivers' URLs often do: in its path and in its query
            String id = subscribe(receiver.url() + "/hook/Tk9x2PathSecret?token=QuerySecret", List.of(type), null)
                    .path("id").asText();

            for (int i = 0; i < 5; i++) {
                probe.publish(event(type, Map.of("i", i)));
            }

            await().atMost(WAIT).until(() -> get("/api/webhooks/subscriptions/" + id).path("circuitOpenUntil")
                    .isTextual() || "DISABLED".equals(get("/api/webhooks/subscriptions/" + id).path("status").asText()));
            JsonNode subscription = get("/api/webhooks/subscriptions/" + id);
            assertTrue(subscription.path("consecutiveFailures").asInt() >= 3, subscription.toString());
            assertTrue(receiver.received().size() < 5 * 7, "the circuit stops attempts before the schedule runs out");

            EventProbe.Received notice = probe.await(r -> r.body().contains(id), WAIT);
            CloudEvent notification = CloudEvent.fromJson(notice.body());
            assertEquals("notification", notification.type());
            assertEquals("role:admin", notification.channels(), "the holders of the admin role, not a user named admin");
            String text = notification.data().path("body").asText();
            assertTrue(text.contains("disabled"), text);
            assertTrue(text.contains("(" + receiver.url() + "/hook/…)"), text);
            assertFalse(text.contains("Secret"), "no secret of the URL in the notice: " + text);
            JsonNode disabled = get("/api/webhooks/subscriptions/" + id);
            assertEquals("DISABLED", disabled.path("status").asText());
            assertTrue(disabled.path("disabledReason").asText().startsWith("no successful delivery since"));

            String resumed = given().header("Authorization", Webhooks.admin())
                    .post("/api/webhooks/subscriptions/" + id + "/resume").then().statusCode(200).extract()
                    .path("status");
            assertEquals("ACTIVE", resumed);
        }
    }

    @Test
    void shouldPruneOldAttemptsAndDeliveredPayloads() throws Exception {
        String subscription = subscribe("http://127.0.0.1:9/prune", List.of("never.sent"), null).path("id").asText();
        try (var connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO webhook_event (id, type, occurred_at, received_at, body) VALUES "
                    + "('old-event', 'x.y', now() - interval '40 days', now() - interval '40 days', '\\x7b7d'),"
                    + "('new-event', 'x.y', now(), now(), '\\x7b7d')");
            statement.execute("INSERT INTO delivery (webhook_id, event_id, subscription_id, event_type, status, "
                    + "next_attempt_at, completed_at) VALUES "
                    + "('msg_old', 'old-event', '" + subscription + "', 'x.y', 'SUCCEEDED', now(), now() - interval '40 days'),"
                    + "('msg_new', 'new-event', '" + subscription + "', 'x.y', 'SUCCEEDED', now(), now())");
            statement.execute("INSERT INTO attempt (delivery_id, attempted_at, duration_ms, succeeded) "
                    + "SELECT id, now() - interval '40 days', 5, true FROM delivery WHERE webhook_id = 'msg_old'");
        }

        int removed = pruning.prune(Instant.now().minus(Duration.ofDays(30)));

        assertEquals(3, removed, "the old attempt, the old delivery and its event");
        JsonNode left = get("/api/webhooks/deliveries?subscription=" + subscription).path("items");
        assertEquals(1, left.size());
        assertEquals("msg_new", left.get(0).path("webhookId").asText());
    }

    @Test
    void shouldCountAttemptsByOutcomeInTheMetrics() throws Exception {
        String type = uniqueType("metered");
        try (LoopbackHttpServer receiver = LoopbackHttpServer.start(); EventProbe probe = EventProbe.listen("none")) {
            receiver.route("POST", "/hook", r -> Response.json(200, Map.of()));
            subscribe(receiver.url() + "/hook", List.of(type), null);

            probe.publish(event(type, Map.of()));

            await().atMost(WAIT).until(() -> receiver.received().size() == 1);
            await().atMost(WAIT).until(() -> ServiceMetrics.scrape()
                    .contains("holdline_webhooks_attempts_total{outcome=\"succeeded\""));
            String metrics = ServiceMetrics.scrape();
            assertTrue(metrics.contains("holdline_webhooks_first_attempt_latency_seconds"), "first-attempt latency");
            assertTrue(metrics.contains("holdline_webhooks_oldest_due_seconds"), "oldest due delivery");
            assertTrue(metrics.contains("holdline_webhooks_subscriptions_disabled"), "disabled subscriptions");
        }
    }
}
