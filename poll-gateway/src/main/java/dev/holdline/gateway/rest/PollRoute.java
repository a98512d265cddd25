package dev.holdline.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.ChannelAuthorizer;
import dev.holdline.gateway.service.Cursors;
import dev.holdline.gateway.service.PollService;
import dev.holdline.gateway.service.PresenceService;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.ErrorBody;
import dev.holdline.platform.rest.Params;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/poll} and {@code POST /api/poll}, the gateway's hot path, as plain Vert.x routes: a parked
 * poll holds only its connection, a waiter and its place on the timeout wheel, and an answer is one shared
 * buffer written to the socket. Through Quarkus REST each poll cost about four times the CPU and twice the memory
 * ({@code bench/longpoll}). Documented in {@code META-INF/openapi.yaml}; the other poll calls are in
 * {@link PollResource}.
 */
@Singleton
public class PollRoute {

    private static final Logger LOG = Logger.getLogger(PollRoute.class);
    static final String PATH = "/api/poll";
    private static final int MAX_LIMIT = 500;
    private static final int MAX_BODY = 64 * 1024;
    /**
     * Where the poll routes sit in Quarkus's router: after CORS (-300), ahead of Quarkus's HTTP authentication
     * (-200), permission checks (-100) and the REST layer's per-request metrics template lookup. The route checks
     * the bearer token itself and authorizes every channel, so those would only add work, and objects that a
     * parked poll keeps for as long as it waits: about 3 KB less resident memory per held poll and fewer young
     * collections ({@code bench/longpoll}). The one consequence: {@code quarkus.http.auth.permission.*} policies
     * do not apply to {@code /api/poll}.
     */
    static final int ORDER = -250;
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private final PollService polls;
    private final ChannelAuthorizer authorizer;
    private final GatewayConfig config;
    private final PresenceService presence;
    private final JWTParser tokens;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public PollRoute(PollService polls, ChannelAuthorizer authorizer, GatewayConfig config, PresenceService presence,
            JWTParser tokens, ObjectMapper mapper, MeterRegistry metrics) {
        this.polls = polls;
        this.authorizer = authorizer;
        this.config = config;
        this.presence = presence;
        this.tokens = tokens;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    void register(@Observes Router router, Vertx vertx) {
        LOG.infof("HTTP on %s", vertx.isNativeTransportEnabled() ? "epoll (Netty's native transport)"
                : "Java NIO (Netty's native transport is turned off or not available here)");
        router.get(PATH).order(ORDER).handler(context -> get(context.request()));
        router.post(PATH).order(ORDER).handler(context -> post(context.request()));
    }

    private void get(HttpServerRequest request) {
        // Quarkus hands the request over paused; a GET has no body to wait for, and resuming now lets its end
        // pass at once instead of on one more event-loop task after the answer
        request.resume();
        try {
            ChannelAuthorizer.Caller caller = caller(request);
            Query query = Query.of(request.query());
            run(request, caller, query.channels(),
                    query.cursor() != null ? query.cursor() : request.getHeader("Last-Event-ID"), query.timeout(),
                    query.limit());
        } catch (RuntimeException e) {
            fail(request, e);
        }
    }

    /**
     * A GET poll's parameters, read straight from the query string: {@code request.params()} would build a
     * parameter map that a parked poll then keeps for as long as it waits (about 500 bytes each).
     */
    record Query(List<String> channels, String cursor, String timeout, String limit) {

        static Query of(String query) {
            List<String> channels = new ArrayList<>(1);
            String cursor = null;
            String timeout = null;
            String limit = null;
            int start = 0;
            while (query != null && start < query.length()) {
                int end = query.indexOf('&', start);
                end = end < 0 ? query.length() : end;
                int equals = query.indexOf('=', start);
                if (equals > start && equals < end) {
                    String name = decode(query, start, equals);
                    switch (name) {
                        case "channel" -> channels.add(decode(query, equals + 1, end));
                        case "cursor" -> cursor = decode(query, equals + 1, end);
                        case "timeout" -> timeout = decode(query, equals + 1, end);
                        case "limit" -> limit = decode(query, equals + 1, end);
                        default -> { } // not ours: ignored, as any other query parameter
                    }
                }
                start = end + 1;
            }
            return new Query(channels, cursor, timeout, limit);
        }

        private static String decode(String query, int from, int to) {
            String part = query.substring(from, to);
            try {
                return QueryStringDecoder.decodeComponent(part);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query", "not a valid URL-encoded query: " + part);
            }
        }
    }

    private void post(HttpServerRequest request) {
        ChannelAuthorizer.Caller caller;
        try {
            caller = caller(request);
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw ApiException.unsupportedType("send the poll as application/json");
            }
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.length() < 12 && Long.parseLong(length) > MAX_BODY) {
                throw ApiException.tooLarge("a poll body is at most " + MAX_BODY + " bytes");
            }
        } catch (RuntimeException e) {
            fail(request, e);
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> { // Quarkus resumes the paused request once a handler is set
            if (body.length() <= MAX_BODY) {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            try {
                if (body.length() > MAX_BODY) {
                    throw ApiException.tooLarge("a poll body is at most " + MAX_BODY + " bytes");
                }
                PollRequest poll = parse(body);
                List<String> channels = new ArrayList<>();
                if (poll.channels() != null) {
                    channels.addAll(poll.channels());
                }
                if (poll.topics() != null) {
                    channels.addAll(poll.topics());
                }
                String cursor = poll.cursor();
                if (cursor == null && poll.since() != null && !poll.since().isEmpty()) {
                    long oldest = Long.MAX_VALUE;
                    for (Map.Entry<String, String> since : poll.since().entrySet()) {
                        oldest = Math.min(oldest, Cursors.parse(since.getValue(), "since." + since.getKey()));
                    }
                    cursor = Cursors.format(oldest);
                }
                run(request, caller, channels, cursor != null ? cursor : request.getHeader("Last-Event-ID"),
                        poll.timeout(), poll.limit());
            } catch (RuntimeException e) {
                fail(request, e);
            }
        });
    }

    private PollRequest parse(Buffer body) {
        if (body.length() == 0) {
            throw ApiException.badRequest("channels", "a JSON body with channels is required");
        }
        try {
            PollRequest poll = mapper.readValue(body.getBytes(), PollRequest.class);
            if (poll == null) {
                throw ApiException.badRequest("channels", "a JSON body with channels is required");
            }
            return poll;
        } catch (JsonProcessingException e) {
            ErrorBody invalid = ErrorBody.invalidJson(e.getOriginalMessage());
            throw new ApiException(400, invalid.error(), invalid.detail());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "invalid_body", "the body could not be read");
        }
    }

    private void run(HttpServerRequest request, ChannelAuthorizer.Caller caller, List<String> requested,
            String cursor, Object timeout, Object limit) {
        List<String> channels = requested == null ? List.of() : List.copyOf(new LinkedHashSet<>(requested));
        if (channels.isEmpty()) {
            throw ApiException.badRequest("channel", "name at least one channel to poll");
        }
        if (channels.size() > config.poll().maxChannels()) {
            throw ApiException.badRequest("channel", "at most " + config.poll().maxChannels() + " channels");
        }
        int seconds = Params.intParam("timeout", timeout, config.poll().defaultTimeout(), 1,
                config.poll().maxTimeout());
        int max = Params.intParam("limit", limit, config.poll().defaultLimit(), 1, MAX_LIMIT);
        Long after = cursor == null || cursor.isBlank() ? null : Cursors.parse(cursor, "cursor");
        List<String> unknownImages = authorizer.check(caller, channels);
        if (unknownImages.isEmpty()) {
            start(request, caller.user(), channels, after, seconds, max);
        } else { // image owners this replica has not seen yet: ask upload-service first
            authorizer.ownsImages(caller, unknownImages).subscribe().with(
                    ok -> {
                        try {
                            start(request, caller.user(), channels, after, seconds, max);
                        } catch (RuntimeException e) {
                            fail(request, e);
                        }
                    },
                    failure -> fail(request, failure));
        }
    }

    /** Answers at once when there are events, else parks the poll until there are or it times out. */
    private void start(HttpServerRequest request, String user, List<String> channels, Long after, int seconds,
            int max) {
        HttpServerResponse response = request.response();
        presence.pollStarted(user, channels);
        PollService.PollHandle handle;
        try {
            handle = polls.poll(user, channels, after, seconds, max, answer -> {
                presence.pollEnded(user);
                // a fresh response has no headers to replace (putHeader would look for them first); a client
                // that left meanwhile costs one failed write, not a check on every answer
                response.headers().add(HttpHeaders.CONTENT_TYPE, JSON).add(HttpHeaders.CACHE_CONTROL, NO_STORE);
                response.end(answer);
            });
        } catch (RuntimeException e) {
            presence.pollEnded(user);
            throw e;
        }
        response.closeHandler(v -> {
            if (handle.cancel()) {
                presence.pollEnded(user);
            }
        });
        // checked and no longer needed: a parked poll does not keep its bearer token (~600 bytes) while it waits
        request.headers().remove(HttpHeaders.AUTHORIZATION);
    }

    /** The bearer token's user, verified (and remembered until it expires) by the platform's parser. */
    private ChannelAuthorizer.Caller caller(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized();
        }
        try {
            JsonWebToken token = tokens.parse(authorization.substring(7).trim());
            if (token.getSubject() == null) {
                throw new Unauthorized();
            }
            return Callers.of(token, authorization);
        } catch (ParseException e) {
            throw new Unauthorized();
        }
    }

    private void fail(HttpServerRequest request, Throwable failure) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        int status;
        ErrorBody body;
        if (failure instanceof ApiException api) {
            status = api.status();
            body = api.body();
        } else if (failure instanceof Unauthorized) {
            status = 401;
            body = ErrorBody.UNAUTHORIZED;
            response.putHeader("WWW-Authenticate", "Bearer");
        } else {
            LOG.error("poll failed", failure);
            status = 500;
            body = ErrorBody.INTERNAL;
        }
        metrics.counter("holdline.gateway.polls.refused", "status", Integer.toString(status)).increment();
        try {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(mapper.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            response.setStatusCode(status).end();
        }
    }

    /** No usable bearer token: 401. */
    private static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super(null, null, false, false);
        }
    }
}
