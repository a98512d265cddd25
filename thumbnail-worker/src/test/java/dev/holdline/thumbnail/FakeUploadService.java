package dev.holdline.thumbnail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.Failure;
import dev.holdline.events.image.ImageWork.ImageState;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * upload-service's internal image API as a real HTTP server on loopback: holds images in memory, records
 * what the worker did, checks the service token is there, and can be told to be "away" for a few calls.
 */
public class FakeUploadService implements QuarkusTestResourceLifecycleManager {

    private static final Pattern PATH = Pattern.compile("/internal/images/(\\d+)(/[a-z]+)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile FakeUploadService current;

    public static final class StoredImage {
        public final byte[] original;
        public volatile String status = "PENDING";
        public final List<Completion> completions = new CopyOnWriteArrayList<>();
        public final List<Failure> failures = new CopyOnWriteArrayList<>();
        public final AtomicInteger stateCalls = new AtomicInteger();

        StoredImage(byte[] original) {
            this.original = original;
        }
    }

    private final Map<Long, StoredImage> images = new ConcurrentHashMap<>();
    private final AtomicInteger unavailableFor = new AtomicInteger();
    private final AtomicInteger refusedWhileAway = new AtomicInteger();
    private HttpServer server;

    public static FakeUploadService get() {
        return current;
    }

    public StoredImage put(long id, byte[] original) {
        StoredImage image = new StoredImage(original);
        images.put(id, image);
        return image;
    }

    /** The next {@code calls} requests are answered 503, as while upload-service restarts. */
    public void unavailableFor(int calls) {
        unavailableFor.set(calls);
    }

    public int refusedWhileAway() {
        return refusedWhileAway.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/images/", this::handle);
        server.start();
        current = this;
        return Map.of("quarkus.rest-client.upload-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                send(exchange, 401, Map.of("error", "unauthorized"));
                return;
            }
            if (unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refusedWhileAway.incrementAndGet();
                send(exchange, 503, Map.of("error", "unavailable"));
                return;
            }
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            StoredImage image = m.matches() ? images.get(Long.parseLong(m.group(1))) : null;
            if (image == null) {
                send(exchange, 404, Map.of("error", "not_found"));
                return;
            }
            long id = Long.parseLong(m.group(1));
            String action = m.group(2) == null ? "" : m.group(2);
            byte[] body = exchange.getRequestBody().readAllBytes();
            switch (exchange.getRequestMethod() + " " + action) {
                case "GET " -> image.stateCalls.incrementAndGet();
                case "GET /original" -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(200, image.original.length);
                    exchange.getResponseBody().write(image.original);
                    return;
                }
                case "POST /processing" -> image.status = "PENDING".equals(image.status) ? "PROCESSING" : image.status;
                case "PUT /thumbnails" -> {
                    if (!"COMPLETED".equals(image.status)) {
                        image.completions.add(JSON.readValue(body, Completion.class));
                        image.status = "COMPLETED";
                    }
                }
                case "POST /failure" -> {
                    image.failures.add(JSON.readValue(body, Failure.class));
                    image.status = "FAILED";
                }
                default -> {
                    send(exchange, 405, Map.of("error", "method_not_allowed"));
                    return;
                }
            }
            send(exchange, 200, new ImageState(id, "alice", image.status, "image/jpeg", image.original.length));
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
