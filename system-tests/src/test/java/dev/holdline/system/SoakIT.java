package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The soak run, on demand only (it restarts the machine's RabbitMQ):
 * {@code ./mvnw -pl system-tests verify -Dit.test=SoakIT -Dsoak.minutes=5} (after a build of the services).
 * Two packaged poll-gateway replicas; a sender posts chat messages to either (retrying what is refused), a
 * reader long-polls the room from its cursor on either; every 20 s a fault: one replica killed with SIGKILL and
 * started again, or RabbitMQ stopped for 5 s ({@code rabbitmqctl stop_app}, always started again). At the end
 * it prints what was sent, delivered, lost and duplicated, and fails if anything was lost or a gap was reported.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[0-9]+")
class SoakIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final java.io.File GATEWAY = new java.io.File("../poll-gateway");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDeliverEverySentMessageThroughRepeatedCrashesAndBrokerRestarts() throws Exception {
        long minutes = Long.parseLong(System.getProperty("soak.minutes"));
        HoldlineTestResource broker = new HoldlineTestResource();
        broker.init(Map.of("queues", "poll-gateway.events", "database", "false"));
        Map<String, String> config = new HashMap<>(broker.start());
        // its own user: the gateway believes its chat messages only from poll-gateway's (PublisherCheck)
        config.putAll(broker.rabbitUser("poll-gateway"));
        config.putAll(Map.of("quarkus.rest-client.upload-service.url", "http://127.0.0.1:9",
                "gateway.poll.max-per-user", "50", "gateway.presence.enabled", "false",
                "gateway.limits.messages-burst", "100000", "gateway.limits.messages-per-minute", "1000000"));
        AtomicReferenceArray<ServiceProcess> replicas = new AtomicReferenceArray<>(2);
        String room = "soak" + System.nanoTime();
        String token = TestTokens.bearer(KEY, "soaker");
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Map<String, Integer> received = new ConcurrentHashMap<>();
        AtomicInteger gaps = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger brokerRestarts = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        try {
            for (int i = 0; i < 2; i++) {
                replicas.set(i, ServiceProcess.start(GATEWAY, "soak-gateway-" + i, config));
            }
            // where "now" is, before anything is sent: the reader starts from there
            String start = poll(replicas.get(0), room, token, null).path("cursor").asText();
            Thread sender = new Thread(() -> {
                int n = 0;
                int attempt = 0;
                while (System.nanoTime() < deadline) {
                    String id = post(replicas.get(attempt++ % 2), room, token, "message " + n);
                    if (id != null) {
                        sent.add(id);
                        n++;
                    }
                    pause(id == null ? 200 : 20); // about 40 messages a second; a refused one is sent again
                }
            }, "soak-sender");
            Thread reader = new Thread(() -> {
                String cursor = start;
                int turn = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    JsonNode answer = poll(replicas.get(turn++ % 2), room, token, cursor);
                    if (answer == null) {
                        pause(200);
                        continue;
                    }
                    if (answer.path("gap").asBoolean()) {
                        gaps.incrementAndGet();
                    }
                    for (JsonNode event : answer.path("events")) {
                        received.merge(event.path("id").asText(), 1, Integer::sum);
                    }
                    cursor = answer.path("cursor").asText(cursor);
                }
            }, "soak-reader");
            sender.start();
            reader.start();
            int fault = 0;
            while (System.nanoTime() < deadline) {
                pause(20_000);
                System.out.printf("soak: fault %d at %d%n", fault, System.currentTimeMillis());
                if (fault++ % 2 == 0) {
                    int victim = fault / 2 % 2;
                    replicas.get(victim).kill();
                    kills.incrementAndGet();
                    replicas.set(victim, ServiceProcess.start(GATEWAY, "soak-gateway-" + victim + "-" + fault, config));
                } else {
                    try {
                        rabbitmqctl("stop_app");
                        pause(5_000);
                    } finally {
                        rabbitmqctl("start_app");
                    }
                    brokerRestarts.incrementAndGet();
                }
            }
            sender.join();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.keySet().containsAll(sent));
            } catch (ConditionTimeoutException e) {
                // counted below: what did not arrive is lost
            }
            reader.interrupt();
            reader.join(10_000);
            long delivered = sent.stream().filter(received::containsKey).count();
            int copies = received.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("soak: %d min, %d replica kills, %d broker restarts: sent %d, delivered %d, lost %d,"
                    + " duplicated %d (same event id), gaps %d%n", minutes, kills.get(), brokerRestarts.get(),
                    sent.size(), delivered, sent.size() - delivered, copies - received.size(), gaps.get());
            sent.stream().filter(id -> !received.containsKey(id)).sorted().limit(20)
                    .forEach(id -> System.out.println("soak: lost " + id));
            assertEquals(sent.size(), delivered, "every message the gateway accepted was delivered");
            assertEquals(0, gaps.get(), "no gap: the reader's cursor was always held");
        } finally {
            rabbitmqctl("start_app");
            for (int i = 0; i < 2; i++) {
                if (replicas.get(i) != null) {
                    replicas.get(i).close();
                }
            }
            broker.stop();
        }
    }

    /** The id of the accepted message, or null when it was refused or the replica is away. */
    private static String post(ServiceProcess replica, String room, String token, String text) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                    URI.create(replica.url("/api/rooms/" + room + "/messages"))).timeout(Duration.ofSeconds(10))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", text)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 202 ? JSON.readTree(answer.body()).path("id").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode poll(ServiceProcess replica, String room, String token, String cursor) {
        try {
            String query = "channel=room:" + room + "&timeout=5&limit=500" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(replica.url("/api/poll?" + query)))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).inheritIO().start();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
