package dev.holdline.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.outbox.OutboxEvent;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code webhook-dispatcher.events} is bounded with {@code x-overflow=reject-publish}: filled past its bound while
 * the dispatcher's consumer is not taking messages, RabbitMQ refuses the publishes, the outbox keeps every refused
 * event, and once the consumer takes messages again every event is delivered. A tiny bound here (20), the
 * production default is 1,000,000 messages or 1 GiB.
 */
@QuarkusTest
@TestProfile(EventsQueueBoundTest.TinyEventsQueue.class)
class EventsQueueBoundTest {

    static final int BOUND = 20;
    static final int PREFETCH = 10;
    static final int RELAY_BATCH = 10;

    /** The queue bounded at 20 messages; a consumer that can be paused, taking 10 at most before it acks. */
    public static class TinyEventsQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("holdline.events.queue.max-length", Integer.toString(BOUND),
                    "mp.messaging.incoming.events.max-outstanding-messages", Integer.toString(PREFETCH),
                    "mp.messaging.incoming.events.pausable", "true",
                    "holdline.outbox.batch-size", Integer.toString(RELAY_BATCH));
        }
    }

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

    /** The queue's arguments as RabbitMQ holds them (management API). */
    private static com.fasterxml.jackson.databind.JsonNode arguments(String queue) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + TestInfra.RABBIT_HOST + ":"
                        + TestInfra.RABBIT_MANAGEMENT_PORT + "/api/queues/%2F/" + queue))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                (TestInfra.RABBIT_USER + ":" + TestInfra.RABBIT_PASSWORD).getBytes()))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Webhooks.JSON.readTree(answer.body()).path("arguments");
    }

    @Test
    void shouldDeclareTheQueueRejectingPublishesPastItsBoundAndItsDeadLettersDroppingTheOldest() throws Exception {
        String queue = "webhook-dispatcher.events" + eventsConfig.queueSuffix().orElse("");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> arguments(queue).size() > 0);
        com.fasterxml.jackson.databind.JsonNode main = arguments(queue);
        assertEquals("reject-publish", main.path("x-overflow").asText(), main.toString());
        assertEquals(BOUND, main.path("x-max-length").asInt());
        assertEquals(eventsConfig.queue().maxBytes(), main.path("x-max-length-bytes").asLong());
        assertEquals("quorum", main.path("x-queue-type").asText());
        assertEquals(3, main.path("x-quorum-initial-group-size").asInt(), "replicated on three nodes: " + main);
        com.fasterxml.jackson.databind.JsonNode dlq = arguments(queue + ".dlq");
        assertEquals("drop-head", dlq.path("x-overflow").asText(), dlq.toString());
        assertEquals(dev.holdline.platform.messaging.QueueBounds.DEAD_LETTERS_MAX_LENGTH, dlq.path("x-max-length").asLong());
        assertEquals(3, dlq.path("x-quorum-initial-group-size").asInt(), "its dead letters too: " + dlq);
    }

    private List<OutboxEvent> unsent(List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ids.stream().map(rows::findById)
                .filter(row -> row.sentAt == null).toList());
    }

    @Test
    void shouldKeepRefusedEventsInTheOutboxWhileTheQueueIsFullAndDeliverEveryOneOnceItDrains() throws Exception {
        String queue = "webhook-dispatcher.events" + eventsConfig.queueSuffix().orElse("");
        try (LoopbackHttpServer receiver = LoopbackHttpServer.start()) {
            receiver.route("POST", "/hook", request -> LoopbackHttpServer.Response.json(204, Map.of()));
            Webhooks.subscribe(receiver.url() + "/hook", List.of(EventTypes.NOTIFICATION), null);
            PausableChannel consumer = channels.getPausable(EventsConsumer.CHANNEL);
            consumer.pause();

            int total = 80; // the bound, the consumer's prefetch, and 50 more that cannot fit
            List<CloudEvent> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                sent.add(events.create(EventTypes.NOTIFICATION, "tests/queue-bound", List.of(Channels.user("bound")),
                        Map.of("title", "bound-" + i)));
            }
            List<String> ids = sent.stream().map(CloudEvent::id).toList();
            Set<String> titles = sent.stream().map(e -> e.data().path("title").asText()).collect(Collectors.toSet());
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(sent));

            // full: RabbitMQ refuses what does not fit, the outbox keeps it and says why
            await().atMost(Duration.ofSeconds(60)).until(() -> unsent(ids).stream()
                    .anyMatch(row -> row.lastError != null && row.lastError.contains("refused")));
            long depth = Webhooks.ready(queue);
            assertTrue(depth >= BOUND && depth <= BOUND + RELAY_BATCH + 1,
                    "the queue holds its bound (plus what was in flight when it filled): " + depth);
            int kept = unsent(ids).size();
            assertTrue(kept >= total - depth - PREFETCH,
                    kept + " events kept in the outbox; " + depth + " in the queue, at most " + PREFETCH
                            + " with the paused consumer");
            // the relay keeps trying (every second here) and RabbitMQ keeps refusing: the bound holds
            await().atMost(Duration.ofSeconds(30)).until(() -> unsent(ids).stream().anyMatch(row -> row.attempts >= 3));
            assertTrue(Webhooks.ready(queue) <= BOUND + RELAY_BATCH + 1, "still bounded after the relay tried again");

            consumer.resume();

            await().atMost(Duration.ofSeconds(120)).until(() -> unsent(ids).isEmpty());
            await().atMost(Duration.ofSeconds(120)).until(() -> Webhooks.delivered(receiver).containsAll(titles));
            List<String> arrived = Webhooks.delivered(receiver).stream().filter(titles::contains).toList();
            assertEquals(total, arrived.size(), "every event delivered once (a re-sent one is deduplicated)");
        }
    }
}
