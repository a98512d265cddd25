package dev.holdline.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway with a stand-in for upload-service's {@code GET /api/images/{id}}: images the gateway has seen
 * no events for. Like the real one, it answers the image to its owner (the token's {@code sub}) and 404 to
 * anyone else; image {@link #BROKEN} answers 500.
 */
public class WithUploadService implements QuarkusTestProfile {

    static final long COMPLETED = 9_100_000_001L;
    static final long PROCESSING = 9_100_000_002L;
    static final long BROKEN = 9_100_000_003L;
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.presence.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeUploadService.class));
    }

    public static class FakeUploadService implements QuarkusTestResourceLifecycleManager {

        private static final Pattern IMAGE = Pattern.compile("/api/images/(\\d+)");
        private static final Pattern SUBJECT = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"");
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/api/images/", this::image);
            server.start();
            return Map.of("quarkus.rest-client.upload-service.url",
                    "http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void image(HttpExchange exchange) throws IOException {
            CALLS.incrementAndGet();
            Matcher path = IMAGE.matcher(exchange.getRequestURI().getPath());
            long id = path.matches() ? Long.parseLong(path.group(1)) : -1;
            String user = subject(exchange.getRequestHeaders().getFirst("Authorization"));
            if (id == BROKEN) {
                answer(exchange, 500, "{\"error\":\"internal_error\"}");
            } else if ((id == COMPLETED || id == PROCESSING) && "alice".equals(user)) {
                answer(exchange, 200, id == COMPLETED
                        ? "{\"id\":" + id + ",\"status\":\"COMPLETED\",\"thumbnails\":[{\"size\":128,\"width\":128,"
                                + "\"height\":96}]}"
                        : "{\"id\":" + id + ",\"status\":\"PROCESSING\"}");
            } else {
                answer(exchange, 404, "{\"error\":\"not_found\",\"detail\":\"image not found\"}");
            }
        }

        /** The token's subject, read without checking it: the gateway has checked it before asking. */
        private static String subject(String authorization) {
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                return null;
            }
            String[] parts = authorization.substring(7).split("\\.");
            if (parts.length < 2) {
                return null;
            }
            Matcher sub = SUBJECT.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return sub.find() ? sub.group(1) : null;
        }

        private static void answer(HttpExchange exchange, int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
