package dev.holdline.platform.rest;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Body limits answered with the platform's JSON 413 before a byte of the body is read (and the connection closed):
 * the service's {@code quarkus.http.limits.max-body-size} on every path, and {@link #limit} a smaller one for one
 * endpoint. Both judge the declared {@code Content-Length}: a body sent without one is cut at
 * {@code max-body-size} by the HTTP layer (a bare 413); the endpoint's own checks (lengths of fields) still hold
 * whatever got through.
 */
@Singleton
public class BodyLimits {

    /** Right after {@link HiddenPathGuard}, ahead of authentication, body handling and the REST layer. */
    private static final int ORDER = Integer.MIN_VALUE + 1;

    /** The service's {@code max-body-size} (Quarkus's default 10240K when unset), on every path. */
    void installServiceLimit(@Observes Router router) {
        long max = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", String.class)
                .map(size -> new MemorySizeConverter().convert(size).asLongValue()).orElse(10240L * 1024);
        String body = "{\"error\":\"too_large\",\"detail\":\"a request body is at most " + max + " bytes here\"}";
        router.route().order(ORDER).handler(context -> refuseOver(context, max, body));
    }

    /**
     * Limits {@code method path} (a Vert.x path: {@code /api/rooms/:room/messages}) to {@code maxBytes};
     * {@code what} names the body in the answer ("a chat message").
     */
    public static void limit(Router router, HttpMethod method, String path, long maxBytes, String what) {
        String body = "{\"error\":\"too_large\",\"detail\":\"" + what + " is at most " + maxBytes + " bytes\"}";
        router.route(method, path).order(ORDER).handler(context -> refuseOver(context, maxBytes, body));
    }

    private static void refuseOver(RoutingContext context, long maxBytes, String body) {
        if (declaredLength(context.request().getHeader("Content-Length")) > maxBytes) {
            context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end(body);
        } else {
            context.next();
        }
    }

    /** The declared length, or -1 when there is none or it is not a number (the HTTP layer refuses those). */
    static long declaredLength(String header) {
        if (header == null || header.isBlank() || header.length() > 18) {
            return header != null && header.length() > 18 ? Long.MAX_VALUE : -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

}
