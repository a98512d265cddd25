package dev.holdline.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A chat room as the soaks load it through poll-gateway replicas: a sender that posts messages (a refused one
 * is sent again under the same {@code Idempotency-Key}, so that a post whose confirm was lost is not a second
 * message) and a reader that long-polls the room from its cursor, counting what was sent, what arrived (by event id
 * and by text, copies included: every message's text is its own) and the gaps reported.
 */
final class Chat {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> received = new ConcurrentHashMap<>();
    /** Arrivals per text: a copy under another id (a retry the gateway did not know for one) shows here. */
    final Map<String, Integer> receivedTexts = new ConcurrentHashMap<>();
    final AtomicInteger gaps = new AtomicInteger();
    private final String room;
    private final String token;

    Chat(String room, String token) {
        this.room = room;
        this.token = token;
    }

    /** Posts until {@code deadline} (nanoTime), about 40 messages a second, to the replicas in turn. */
    Thread sender(IntFunction<ServiceProcess> replicas, long deadline) {
        return new Thread(() -> {
            int n = 0;
            int attempt = 0;
            while (System.nanoTime() < deadline) {
                // one key per message, the same on every retry of it: a post that did arrive is not sent twice
                String id = post(replicas.apply(attempt++), room, token, "message " + n, room + "-" + n);
                if (id != null) {
                    sent.add(id);
                    n++;
                }
                pause(id == null ? 200 : 20); // a refused one is sent again
            }
        }, "chat-sender");
    }

    /** Long-polls from {@code start} on the replicas in turn until interrupted. */
    Thread reader(IntFunction<ServiceProcess> replicas, String start) {
        return new Thread(() -> {
            String cursor = start;
            int turn = 0;
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode answer = poll(replicas.apply(turn++), room, token, cursor);
                if (answer == null) {
                    pause(200);
                    continue;
                }
                if (answer.path("gap").asBoolean()) {
                    gaps.incrementAndGet();
                }
                for (JsonNode event : answer.path("events")) {
                    received.merge(event.path("id").asText(), 1, Integer::sum);
                    receivedTexts.merge(event.path("data").path("text").asText(), 1, Integer::sum);
                }
                cursor = answer.path("cursor").asText(cursor);
            }
        }, "chat-reader");
    }

    /** Where "now" is in the room, before anything is sent: the reader starts from there. */
    String cursor(ServiceProcess replica) {
        JsonNode answer = poll(replica, room, token, null);
        if (answer == null) {
            throw new IllegalStateException("the gateway answered no first poll");
        }
        return answer.path("cursor").asText();
    }

    boolean allDelivered() {
        return received.keySet().containsAll(sent);
    }

    long delivered() {
        return sent.stream().filter(received::containsKey).count();
    }

    long lost() {
        return sent.size() - delivered();
    }

    /** Deliveries beyond the first of a message, by event id or by text, whichever counts more. */
    int duplicated() {
        int total = received.values().stream().mapToInt(Integer::intValue).sum();
        return Math.max(total - received.size(), total - receivedTexts.size());
    }

    /**
     * Events of the room that arrived although no post of theirs was accepted (a confirm lost with its connection,
     * and no retry accepted before the end: a retry that is accepted answers the same id).
     */
    long unconfirmed() {
        return received.keySet().stream().filter(id -> !sent.contains(id)).count();
    }

    /** Up to 20 ids sent and never received, for the log. */
    java.util.List<String> someLost() {
        return sent.stream().filter(id -> !received.containsKey(id)).sorted().limit(20).toList();
    }

    /** The id of the accepted message, or null when it was refused or the replica is away. */
    static String post(ServiceProcess replica, String room, String token, String text) {
        return post(replica, room, token, text, null);
    }

    /** As {@link #post(ServiceProcess, String, String, String)}, with an {@code Idempotency-Key} unless null. */
    static String post(ServiceProcess replica, String room, String token, String text, String key) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create(replica.url("/api/rooms/" + room + "/messages"))).timeout(Duration.ofSeconds(10))
                    .header("Authorization", token).header("Content-Type", "application/json");
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            HttpResponse<String> answer = HTTP.send(request
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", text)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 202 ? JSON.readTree(answer.body()).path("id").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    static JsonNode poll(ServiceProcess replica, String room, String token, String cursor) {
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

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
