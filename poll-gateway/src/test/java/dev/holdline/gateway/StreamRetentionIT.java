package dev.holdline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.gateway.messaging.StreamConsumer;
import dev.holdline.gateway.service.Cursors;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TcpProxy;
import dev.holdline.testing.TestInfra;
import dev.holdline.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An outage longer than the stream keeps events: the packaged gateway cannot read while RabbitMQ's retention
 * drops what was said meanwhile. A client resuming from its cursor is told {@code gap: true} (and reloads its
 * state) instead of silently missing those events.
 */
class StreamRetentionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path KEY = TestTokens.USERS_KEY;

    private final HoldlineTestResource broker = new HoldlineTestResource();
    private Map<String, String> config;
    private TcpProxy proxy;

    @BeforeEach
    void startBroker() throws Exception {
        broker.init(Map.of("database", "false", "queues", "poll-gateway.events", "rabbitUser", "poll-gateway"));
        config = broker.start();
        proxy = new TcpProxy(TestInfra.RABBIT_HOST, TestInfra.RABBIT_PORT);
    }

    @AfterEach
    void stopAll() throws Exception {
        proxy.close();
        broker.stop();
    }

    private static JsonNode poll(GatewayReplica replica, String room, String cursor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.url("/api/poll?channel=room:" + room
                + "&timeout=1" + (cursor == null ? "" : "&cursor=" + cursor))))
                .header("Authorization", TestTokens.bearer(KEY, "alice")).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static int readiness(GatewayReplica replica) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(replica.url("/q/health/ready"))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Whether the replica reads its stream: the readiness check's {@code connected} (a broker outage does not make
     * the replica unready, so that the web app stays served: only this datum says the stream is away).
     */
    private static boolean streamConnected(GatewayReplica replica) throws Exception {
        JsonNode health = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(replica.url("/q/health/ready")))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode check : health.path("checks")) {
            if ("stream-caught-up".equals(check.path("name").asText())) {
                return check.path("data").path("connected").asBoolean();
            }
        }
        throw new AssertionError("no stream-caught-up check in " + health);
    }

    private static CloudEvent said(String room, String text) {
        return CloudEvent.create("poll-gateway", EventTypes.CHAT_MESSAGE, "rooms/" + room,
                List.of(Channels.room(room)), Map.of("room", room, "user", "bob", "text", text));
    }

    /** The oldest offset the stream still holds, read as any consumer would from {@code first}. */
    private static long firstOffset(String stream) throws Exception {
        try (Connection connection = TestInfra.rabbit()) {
            Channel channel = connection.createChannel();
            channel.basicQos(1);
            CompletableFuture<Long> first = new CompletableFuture<>();
            channel.basicConsume(stream, false, Map.of("x-stream-offset", "first"), (tag, delivery) -> first.complete(
                    ((Number) delivery.getProperties().getHeaders().get("x-stream-offset")).longValue()), tag -> {
                    });
            return first.get(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> texts(JsonNode page) {
        List<String> texts = new ArrayList<>();
        page.get("events").forEach(e -> texts.add(e.at("/data/text").asText()));
        return texts;
    }

    @Test
    void shouldSayGapToAClientWhoseEventsTheStreamDroppedWhileTheGatewayCouldNotRead() throws Exception {
        String stream = StreamConsumer.QUEUE + System.getProperty("holdline.test.queue-suffix");
        Map<String, String> settings = new HashMap<>(config);
        settings.put("rabbitmq-host", "127.0.0.1");
        settings.put("rabbitmq-port", Integer.toString(proxy.port()));
        // a stream of a few kilobytes: retention drops whole 4 KB segments beyond 16 KB
        settings.put("gateway.stream.max-bytes", "16000");
        settings.put("gateway.stream.segment-bytes", "4000");
        String room = "r" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayReplica replica = GatewayReplica.start("retention", settings);
                EventProbe probe = EventProbe.listen("nothing")) {
            String start = poll(replica, room, null).get("cursor").asText();
            probe.publish(said(room, "before"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !poll(replica, room, start)
                    .get("events").isEmpty());
            JsonNode seen = poll(replica, room, start);
            assertEquals(List.of("before"), texts(seen));
            String cursor = seen.get("cursor").asText();
            long seenThrough = Cursors.parse(cursor, "cursor").offset();

            proxy.cut();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !streamConnected(replica));
            probe.publish(said(room, "lost while away"));
            String filler = room + "-filler";
            for (int i = 0; i < 200; i++) { // about 90 KB: many segments beyond the bound
                probe.publish(said(filler, "filler " + i));
            }
            // a read of the first offset that times out on a loaded machine is asked again, not a failure
            Awaitility.await("retention dropped what was said after the client's cursor")
                    .ignoreExceptionsInstanceOf(TimeoutException.class)
                    .atMost(Duration.ofSeconds(60)).until(() -> firstOffset(stream) > seenThrough + 1);
            probe.publish(said(room, "kept"));
            proxy.restore();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> streamConnected(replica) && readiness(replica) == 200);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> texts(poll(replica, room, cursor))
                    .contains("kept"));
            JsonNode resumed = poll(replica, room, cursor);
            assertEquals(List.of("kept"), texts(resumed), "what the stream still holds, nothing invented");
            assertTrue(resumed.get("gap").asBoolean(), "the client missed \"lost while away\" and is told so");
            // read live across several new segments: where a segment starts RabbitMQ skips an offset, no event
            String after = resumed.get("cursor").asText();
            List<String> more = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                more.add("more " + i);
                probe.publish(said(room, "more " + i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> texts(poll(replica, room, after)).size() >= 30);
            JsonNode next = poll(replica, room, after);
            assertEquals(more, texts(next));
            assertFalse(next.get("gap").asBoolean(), "from the new cursor on nothing is missing");
            assertTrue(firstOffset(stream) > Cursors.parse(after, "cursor").offset(), "segments rolled (and went) meanwhile");
        }
    }
}
