package dev.holdline.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.holdline.platform.messaging.BrokerUnavailableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code {"error","detail"}} with the right status. Bad input is a 4xx that says
 * what was wrong; only real faults are 500, logged here and answered without internals.
 * Needs {@code quarkus.http.auth.proactive=false} so that authentication failures reach these mappers.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = json(e.status(), e.body());
        return e.retryAfterSeconds() == null ? response
                : Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return Response.status(401).header("WWW-Authenticate", "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.UNAUTHORIZED).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, new ErrorBody("forbidden", "your token does not allow this"));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return json(400, ErrorBody.invalidJson(e.getOriginalMessage()));
    }

    /** JSON of the wrong shape (a string for a number, an array for an object): the field it was found at. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                : "[" + r.getIndex() + "]").reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
        return json(400, new ErrorBody("invalid_" + (field.isEmpty() ? "body" : field.replaceAll("\\[.*", "")),
                (field.isEmpty() ? "body" : field) + ": " + e.getOriginalMessage()));
    }

    /**
     * A request that breaks a Bean Validation constraint of its resource method: 400 naming the field
     * ({@link Violations}). A method's answer that breaks its own constraints is a fault: 500.
     */
    @ServerExceptionMapper
    public Response violated(ConstraintViolationException e) {
        if (e.getConstraintViolations() == null || e.getConstraintViolations().isEmpty()
                || Violations.ofReturnValue(e.getConstraintViolations())) {
            LOG.error("a constraint of the service itself failed", e);
            return json(500, ErrorBody.INTERNAL);
        }
        return json(400, Violations.body(e.getConstraintViolations()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("request failed", e);
        }
        String code = status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
        String detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
        return json(status.getStatusCode(), new ErrorBody(code, detail));
    }

    /**
     * RabbitMQ away while a request needed it, or refusing the event (a bounded queue full): 503, try again
     * shortly (never a 500, never a hang).
     */
    @ServerExceptionMapper
    public Response brokerUnavailable(BrokerUnavailableException e) {
        LOG.warnf("answering 503: %s", e.getMessage());
        String detail = BrokerUnavailableException.refusal(e)
                ? "a queue of the message broker is full; try again shortly"
                : "the message broker is unavailable; try again shortly";
        return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("unavailable", detail)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (malformedMultipart(e)) {
            return json(400, new ErrorBody("invalid_multipart", "the multipart body is malformed or cut short"));
        }
        if (refusedByDatabase(e)) {
            LOG.warnf("answering 400, the database refused a value: %s", e.getMessage());
            return json(400, new ErrorBody("invalid_input", "a value was refused as stored data (too long, out of "
                    + "range, or with characters such as NUL that cannot be stored)"));
        }
        if (databaseAway(e)) {
            LOG.warnf("answering 503, the database is away: %s", e.getMessage());
            return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody("unavailable", "the database is unavailable; try again shortly")).build();
        }
        if (causedBy(e, java.net.ConnectException.class) || causedBy(e, java.net.NoRouteToHostException.class)) {
            LOG.warnf("answering 503, a service this one calls is unreachable: %s", e.getMessage());
            return Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody("upstream_unavailable",
                            "a service this one depends on is unavailable; try again shortly")).build();
        }
        LOG.error("unexpected failure", e);
        return json(500, ErrorBody.INTERNAL);
    }

    /** The multipart parser gave up on the request's body (cut short, no closing boundary, ...). */
    static boolean malformedMultipart(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.IOException && String.valueOf(t.getMessage()).contains("multipart")) {
                return true;
            }
        }
        return false;
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** SQL states of a value from the request the database cannot take (not of a bug in a query). */
    private static final java.util.Set<String> INPUT_REFUSED = java.util.Set.of(
            "22001", // string too long
            "22003", // numeric value out of range
            "22021", // character not in repertoire (NUL)
            "22P02", // invalid text representation
            "22P05"); // untranslatable character

    static boolean refusedByDatabase(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && INPUT_REFUSED.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code e} comes from the database being unreachable, restarting or out of connections (SQL states
     * 08 connection, 57P01-03 shut down or starting, 53300 too many connections; the pool's acquisition timeout),
     * rather than from a bug or bad data.
     */
    static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))
                        || state == null && String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT)
                                .contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
