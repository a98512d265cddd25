package dev.holdline.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.ErrorBody;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The error answers of {@link PollRoute}, which is a Vert.x route and so not reached by the platform's JAX-RS
 * {@code ErrorMappers}: the same mapping, done here. An {@link ApiException} is answered with its status and
 * {@link ErrorBody} (a 401 also with {@code WWW-Authenticate: Bearer}, a 429 or 503 with {@code Retry-After}), a body that is not JSON with
 * {@link ErrorBody#invalidJson}, anything else with 500 and {@link ErrorBody#INTERNAL}, logged. The body is
 * serialised by the application's {@link ObjectMapper}, as the REST layer does. Every refusal is counted in
 * {@code holdline_gateway_polls_refused_total{status}}.
 */
@Singleton
public class PollErrors {

    private static final Logger LOG = Logger.getLogger(PollErrors.class);
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    /** A status and the body said with it. */
    record ErrorAnswer(int status, ErrorBody body) {
    }

    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public PollErrors(ObjectMapper mapper, MeterRegistry metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    /** No usable bearer token: 401 with the platform's {@link ErrorBody#UNAUTHORIZED}. */
    static ApiException unauthorized() {
        return new Unauthorized();
    }

    /** Answers {@code request} with {@code failure}, unless the answer has gone already or the client has. */
    void fail(HttpServerRequest request, Throwable failure) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        ErrorAnswer answer = answer(failure);
        if (!(failure instanceof ApiException || failure instanceof JsonProcessingException)) {
            LOG.error("poll failed", failure); // a fault, not the caller's mistake
        }
        if (answer.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (failure instanceof ApiException api && api.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, api.retryAfterSeconds())));
        }
        response.putHeader(PollRoute.PROTOCOL_HEADER, PollRoute.PROTOCOL);
        metrics.counter("holdline.gateway.polls.refused", "status", Integer.toString(answer.status())).increment();
        try {
            response.setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Buffer.buffer(mapper.writeValueAsBytes(answer.body())));
        } catch (JsonProcessingException e) {
            response.setStatusCode(answer.status()).end();
        }
    }

    /** The status and body for a failure, as the platform's {@code ErrorMappers} would give them. */
    static ErrorAnswer answer(Throwable failure) {
        if (failure instanceof ApiException api) {
            return new ErrorAnswer(api.status(), api.body());
        }
        if (failure instanceof JsonProcessingException json) {
            return new ErrorAnswer(400, ErrorBody.invalidJson(json.getOriginalMessage()));
        }
        return new ErrorAnswer(500, ErrorBody.INTERNAL);
    }

    /** Without a stack trace: a request without a token is refused at next to no cost. */
    private static final class Unauthorized extends ApiException {
        Unauthorized() {
            super(401, ErrorBody.UNAUTHORIZED.error(), ErrorBody.UNAUTHORIZED.detail());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
