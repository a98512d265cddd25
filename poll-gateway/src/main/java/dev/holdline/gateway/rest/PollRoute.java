package dev.holdline.gateway.rest;

import dev.holdline.gateway.rest.PollRequestParser.PollParams;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.service.ChannelAuthorizer;
import dev.holdline.gateway.service.PollService;
import dev.holdline.gateway.service.PresenceService;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.identity.ServiceTokenVerifier;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/poll} and {@code POST /api/poll}, the gateway's hot path, as plain Vert.x routes: a parked
 * poll holds only its connection, a waiter and its place on the timeout wheel, and an answer is one shared
 * buffer written to the socket. Through Quarkus REST each poll cost about four times the CPU and twice the memory
 * ({@code bench/longpoll}). This class does the HTTP: the bearer token, the body, the answer; what the poll asks
 * for is read by {@link PollRequestParser}, errors are answered by {@link PollErrors}. Documented in
 * {@code META-INF/openapi.yaml}; the other poll calls are in {@link PollResource}.
 */
@Singleton
public class PollRoute {

    private static final Logger LOG = Logger.getLogger(PollRoute.class);
    static final String PATH = "/api/poll";
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
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    /**
     * The wire protocol's version (docs/protocol.md): a client may name the one it speaks in this request header,
     * and every poll answer names the server's. A version this gateway does not speak is a 400.
     */
    static final CharSequence PROTOCOL_HEADER = HttpHeaders.createOptimized("Holdline-Protocol");
    static final CharSequence PROTOCOL = HttpHeaders.createOptimized("1");

    private final PollRequestParser parser;
    private final PollErrors errors;
    private final PollService polls;
    private final ChannelAuthorizer authorizer;
    private final PresenceService presence;
    private final JWTParser tokens;
    private final ServiceTokenVerifier services;
    private final int maxBody;

    public PollRoute(PollRequestParser parser, PollErrors errors, PollService polls, ChannelAuthorizer authorizer,
            PresenceService presence, JWTParser tokens, ServiceTokenVerifier services, GatewayConfig config) {
        this.maxBody = config.body().pollBytes();
        this.parser = parser;
        this.errors = errors;
        this.polls = polls;
        this.authorizer = authorizer;
        this.presence = presence;
        this.tokens = tokens;
        this.services = services;
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
            checkProtocol(request);
            ChannelAuthorizer.Caller caller = caller(request);
            authorizeAndStart(request, caller, parser.fromQuery(request.query(), request.getHeader(LAST_EVENT_ID)));
        } catch (RuntimeException e) {
            errors.fail(request, e);
        }
    }

    private void post(HttpServerRequest request) {
        ChannelAuthorizer.Caller caller;
        try {
            checkProtocol(request);
            caller = caller(request);
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw ApiException.unsupportedType("send the poll as application/json");
            }
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.length() < 12 && Long.parseLong(length) > maxBody) {
                throw ApiException.tooLarge("a poll body is at most " + maxBody + " bytes");
            }
        } catch (RuntimeException e) {
            errors.fail(request, e);
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> { // Quarkus resumes the paused request once a handler is set
            if (body.length() <= maxBody) {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            try {
                if (body.length() > maxBody) {
                    throw ApiException.tooLarge("a poll body is at most " + maxBody + " bytes");
                }
                authorizeAndStart(request, caller, parser.fromBody(body.getBytes(), request.getHeader(LAST_EVENT_ID)));
            } catch (RuntimeException e) {
                errors.fail(request, e);
            }
        });
    }

    private void authorizeAndStart(HttpServerRequest request, ChannelAuthorizer.Caller caller, PollParams poll) {
        List<String> unknownImages = authorizer.check(caller, poll.channels());
        if (unknownImages.isEmpty()) {
            start(request, caller.user(), poll);
        } else { // image owners this replica has not seen yet: ask upload-service first
            authorizer.ownsImages(caller, unknownImages).subscribe().with(
                    ok -> {
                        try {
                            start(request, caller.user(), poll);
                        } catch (RuntimeException e) {
                            errors.fail(request, e);
                        }
                    },
                    failure -> errors.fail(request, failure));
        }
    }

    /** Answers at once when there are events, else parks the poll until there are or it times out. */
    private void start(HttpServerRequest request, String user, PollParams poll) {
        HttpServerResponse response = request.response();
        List<String> channels = poll.channels();
        presence.pollStarted(user, channels);
        PollService.PollHandle handle;
        try {
            handle = polls.poll(user, channels, poll.cursor(), poll.cursorEpoch(), poll.timeoutSeconds(),
                    poll.limit(), answer -> {
                        presence.pollEnded(user);
                        // a fresh response has no headers to replace (putHeader would look for them first); a
                        // client that left meanwhile costs one failed write, not a check on every answer
                        response.headers().add(HttpHeaders.CONTENT_TYPE, JSON).add(HttpHeaders.CACHE_CONTROL, NO_STORE)
                                .add(PROTOCOL_HEADER, PROTOCOL);
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

    private static void checkProtocol(HttpServerRequest request) {
        String version = request.getHeader(PROTOCOL_HEADER);
        if (version != null && !PROTOCOL.toString().equals(version.trim())) {
            throw ApiException.badRequest("protocol", "Holdline-Protocol " + version + " is not spoken here; this"
                    + " gateway speaks " + PROTOCOL);
        }
    }

    /** The bearer token's user, verified (and remembered until it expires) by the platform's parser. */
    private ChannelAuthorizer.Caller caller(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw PollErrors.unauthorized();
        }
        try {
            JsonWebToken token = tokens.parse(authorization.substring(7).trim());
            if (token.getSubject() == null || services.isServiceToken(token)) {
                throw PollErrors.unauthorized(); // a service token is for internal APIs only
            }
            return Callers.of(token, authorization);
        } catch (ParseException e) {
            throw PollErrors.unauthorized();
        }
    }
}
