package dev.holdline.webhooks.client;

import dev.holdline.webhooks.config.WebhooksConfig;
import dev.holdline.webhooks.service.Destinations.Destination;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * POSTs one webhook, non-blocking, to the address that was checked ({@link Destination#address()}) while
 * naming the host in {@code Host} and TLS: connect timeout, a timeout on the whole request, no redirects
 * followed, and only the first bytes of the answer kept. Never fails its future: every outcome is a
 * {@link Response}.
 */
@ApplicationScoped
public class WebhookClient {

    /** Past this many bytes of an answer the connection is closed. */
    private static final int MAX_DRAINED = 1 << 20;

    /**
     * What came back: a status (null when no answer came), the {@code Retry-After} asked for, the start of the
     * body; or an error kind (TIMEOUT, CONNECT, TLS, IO) and message.
     */
    public record Response(Integer status, Duration retryAfter, String body, String errorKind, String error,
            int durationMs) {

        public boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final Vertx vertx;
    private final WebhooksConfig config;
    private HttpClient client;

    public WebhookClient(Vertx vertx, WebhooksConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions()
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setKeepAlive(true)
                    .setKeepAliveTimeout(30)
                    // one pool per host and address, shared by its subscriptions: as large as all requests in flight,
                    // so a hanging subscription's requests never take the connections another one needs (the
                    // per-subscription in-flight cap is the limit, not the pool)
                    .setMaxPoolSize(config.maxInFlightFirst() + config.maxInFlightRetry())
                    .setVerifyHost(true)
                    .setTryUseCompression(false)
                    .setMaxRedirects(0)
                    // no trace context to receivers (a traceparent would tell them our trace ids): each attempt is
                    // a span of DeliverySender's, in the event's trace
                    .setTracingPolicy(TracingPolicy.IGNORE)
                    .setName("webhooks"));
        }
        return client;
    }

    public CompletableFuture<Response> post(Destination destination, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        CompletableFuture<Response> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long timer = vertx.setTimer(config.requestTimeout().toMillis(), id -> {
            HttpClientRequest request = inFlight.get();
            if (request != null) {
                request.reset(0, new TimeoutException("no complete answer within " + config.requestTimeout()));
            }
            result.complete(new Response(null, null, null, "TIMEOUT", "no complete answer within "
                    + config.requestTimeout(), elapsed(started)));
        });
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(destination.host())
                .setPort(destination.port())
                .setSsl(destination.https())
                .setURI(destination.target())
                .setServer(SocketAddress.inetSocketAddress(destination.port(),
                        destination.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.requestTimeout().toMillis());
        headers.forEach(options::putHeader);
        client().request(options).onComplete(connected -> {
            if (connected.failed()) {
                failed(result, timer, connected.cause(), started);
                return;
            }
            // on the connection's event loop from here: the response's handlers are in place before it can arrive
            HttpClientRequest request = connected.result();
            if (result.isDone()) { // the whole-request deadline passed while connecting
                request.reset(0, new TimeoutException("no complete answer within " + config.requestTimeout()));
                return;
            }
            inFlight.set(request);
            request.response().onComplete(answered -> {
                if (answered.failed()) {
                    failed(result, timer, answered.cause(), started);
                    return;
                }
                HttpClientResponse response = answered.result();
                Buffer kept = Buffer.buffer();
                int[] seen = {0};
                response.handler(chunk -> {
                    if (kept.length() < config.responseBodyCap()) {
                        kept.appendBuffer(chunk, 0, Math.min(chunk.length(),
                                config.responseBodyCap() - kept.length()));
                    }
                    seen[0] += chunk.length();
                    if (seen[0] > MAX_DRAINED) {
                        request.connection().close();
                    }
                });
                Runnable done = () -> {
                    vertx.cancelTimer(timer);
                    result.complete(new Response(response.statusCode(),
                            retryAfter(response.getHeader("Retry-After")), kept.toString(StandardCharsets.UTF_8),
                            null, null, elapsed(started)));
                };
                response.endHandler(v -> done.run());
                response.exceptionHandler(e -> done.run());
            });
            request.end(Buffer.buffer(body));
        });
        return result;
    }

    private void failed(CompletableFuture<Response> result, long timer, Throwable error, long started) {
        vertx.cancelTimer(timer);
        result.complete(new Response(null, null, null, kind(error), String.valueOf(error.getMessage()),
                elapsed(started)));
    }

    private static String kind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "TIMEOUT";
            }
            if (t instanceof SSLException) {
                return "TLS";
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return "CONNECT";
            }
        }
        return "IO";
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            // at most a year: whatever a receiver writes, the schedule's bounds apply afterwards
            return Duration.ofSeconds(Math.min(Math.max(0, Long.parseLong(value.trim())), 31_536_000L));
        } catch (NumberFormatException e) {
            if (value.trim().matches("[0-9]+")) {
                return Duration.ofSeconds(31_536_000L); // more digits than a long holds
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static int elapsed(long started) {
        return (int) ((System.nanoTime() - started) / 1_000_000);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
