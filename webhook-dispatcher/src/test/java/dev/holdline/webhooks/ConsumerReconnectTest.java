package dev.holdline.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.outbox.OutboxRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.TestInfra;
import dev.holdline.webhooks.messaging.EventsConsumer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's consumer loses its connection while a backlog waits in its queue (a node lost in a cluster): it
 * reconnects and goes on consuming until every event is delivered. After a reconnect the connector takes
 * deliveries without back-pressure, up to the channel's prefetch, into a queue of 256 (Mutiny's emitOn); a prefetch
 * above that overflowed it and the channel stopped for good (BackPressureFailure; seen in ClusterSoakIT with 512).
 * The consumer is paused while the connection is closed, so that the whole prefetch arrives at once.
 */
@QuarkusTest
@TestProfile(ConsumerReconnectTest.Pausable.class)
class ConsumerReconnectTest {

    /** The production prefetch (application.properties); the channel pausable, as EventsQueueBoundTest's. */
    public static class Pausable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.events.pausable", "true");
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    OutboxService outbox;

    @Inject
    OutboxRepository rows;

    @Inject
    EventFactory events;

    @Inject
    ChannelRegistry channels;

    @Inject
    EventsConfig eventsConfig;

    @Test
    void shouldConsumeEveryEventAfterItsConnectionIsLostUnderABacklog() throws Exception {
        String queue = "webhook-dispatcher.events" + eventsConfig.queueSuffix().orElse("");
        try (LoopbackHttpServer receiver = LoopbackHttpServer.start()) {
            receiver.route("POST", "/hook", request -> LoopbackHttpServer.Response.json(204, Map.of()));
            Webhooks.subscribe(receiver.url() + "/hook", List.of(EventTypes.NOTIFICATION), null);
            PausableChannel consumer = channels.getPausable(EventsConsumer.CHANNEL);
            consumer.pause();

            int total = 600; // more than the connector's queue of 256 and more than any prefetch tried
            List<CloudEvent> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sent.add(events.create(EventTypes.NOTIFICATION, "tests/reconnect", List.of(Channels.user("backlog")),
                        Map.of("title", "backlog-" + i)));
            }
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(sent));
            // all in the queue, ready or taken by the paused consumer (up to its prefetch) and not acked
            List<String> ids = sent.stream().map(CloudEvent::id).toList();
            await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew().call(
                    () -> ids.stream().map(rows::findById).allMatch(row -> row.sentAt != null)));

            // the management API shows consumers with its statistics, every few seconds
            String lost = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> consumerConnection(queue), name -> !name.isEmpty());
            close(lost);
            // a new connection consumes the queue again
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> !consumerConnection(queue).equals(lost));
            consumer.resume();

            Set<String> titles = new HashSet<>();
            sent.forEach(e -> titles.add(e.data().path("title").asText()));
            await().atMost(Duration.ofSeconds(120)).until(() -> Webhooks.delivered(receiver).containsAll(titles));
            assertEquals(0, Webhooks.ready(queue), "nothing left in the queue");
        }
    }

    /** The name of the connection the queue's consumer reads through (management API). */
    private static String consumerConnection(String queue) throws Exception {
        JsonNode consumers = Webhooks.JSON.readTree(management("GET", "/api/queues/%2F/" + queue)).path("consumer_details");
        assertEquals(1, consumers.size(), "one consumer: " + consumers);
        return consumers.get(0).path("channel_details").path("connection_name").asText();
    }

    private static void close(String connection) throws Exception {
        management("DELETE", "/api/connections/" + URLEncoder.encode(connection, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    private static String management(String method, String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + TestInfra.RABBIT_HOST
                + ":" + TestInfra.RABBIT_MANAGEMENT_PORT + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (TestInfra.RABBIT_USER + ":" + TestInfra.RABBIT_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(2, answer.statusCode() / 100, method + " " + path + ": " + answer.body());
        return answer.body();
    }
}
