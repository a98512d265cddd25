package dev.holdline.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback for what a service calls out to (upload-service seen from the worker or
 * the gateway, a webhook receiver): routes by method and path pattern, JSON in and out, every request
 * recorded, and a switch to answer 503 for a number of calls, as while the real one restarts.
 *
 * <pre>{@code
 * LoopbackHttpServer server = LoopbackHttpServer.start()
 *         .route("GET", "/api/images/(\\d+)", request -> Response.json(200, Map.of("id", request.group(1))));
 * }</pre>
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** With java.time as ISO-8601 strings, as the services write it. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Answers one request; may throw, which is answered 500 like a broken server would. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** A request as received; {@code match} holds the groups of the route's path pattern. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers,
            byte[] body, Matcher match) {

        /** The first value of a header, its name in any case. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        /** The path pattern's group {@code n}. */
        public String group(int n) {
            return match.group(n);
        }

        public <T> T json(Class<T> type) throws IOException {
            return JSON.readValue(body, type);
        }

        /** The bearer token's {@code sub}, read without verifying it (the caller verified it already). */
        public String bearerSubject() {
            String authorization = header("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                return null;
            }
            String[] parts = authorization.substring(7).split("\\.");
            if (parts.length < 2) {
                return null;
            }
            try {
                return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("sub").asText(null);
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** What to answer: a status, a content type and the body's bytes. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        public static Response json(int status, Object body) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(body), Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Response bytes(int status, String contentType, byte[] body) {
            return new Response(status, contentType, body, Map.of());
        }

        /** A JSON error body in the platform's shape. */
        public static Response error(int status, String error, String detail) {
            return json(status, Map.of("error", error, "detail", detail));
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, Map.copyOf(more));
        }
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "loopback-http");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailableFor = new AtomicInteger();
    private final AtomicInteger refusedWhileAway = new AtomicInteger();

    private LoopbackHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on 127.0.0.1 and a free port, answering 404 until routes are added. */
    public static LoopbackHttpServer start() {
        try {
            return new LoopbackHttpServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /** Adds a route; {@code pathPattern} must match the whole path. The first matching route answers. */
    public LoopbackHttpServer route(String method, String pathPattern, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathPattern), handler));
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far, in order of arrival. */
    public List<Request> received() {
        return List.copyOf(received);
    }

    /** The next {@code calls} requests are answered 503 with {@code Retry-After: 1}. */
    public void unavailableFor(int calls) {
        unavailableFor.set(calls);
    }

    /** Requests answered 503 because of {@link #unavailableFor}. */
    public int refusedWhileAway() {
        return refusedWhileAway.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Request partial = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes(), null);
            Response response;
            if (unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refusedWhileAway.incrementAndGet();
                received.add(partial);
                response = Response.error(503, "unavailable", "restarting").withHeader("Retry-After", "1");
            } else {
                response = answer(partial);
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        }
    }

    private Response answer(Request partial) {
        for (Route route : routes) {
            Matcher match = route.path().matcher(partial.path());
            if (route.method().equals(partial.method()) && match.matches()) {
                Request request = new Request(partial.method(), partial.path(), partial.query(), partial.headers(),
                        partial.body(), match);
                received.add(request);
                try {
                    return route.handler().handle(request);
                } catch (Exception e) {
                    return Response.error(500, "internal_error", String.valueOf(e));
                }
            }
        }
        received.add(partial);
        return Response.error(404, "not_found", partial.method() + " " + partial.path());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
