package dev.holdline.platform.rest;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * A body limit for one endpoint, smaller than the service's {@code quarkus.http.limits.max-body-size}: a request
 * whose declared {@code Content-Length} is over it is answered 413 with the platform's JSON error before a byte
 * of its body is read, and its connection closed. A body sent without a declared length is cut at the service's
 * {@code max-body-size}; the endpoint's own checks (lengths of fields) still hold whatever got through.
 */
public final class BodyLimits {

    /** Right after {@link HiddenPathGuard}, ahead of authentication, body handling and the REST layer. */
    private static final int ORDER = Integer.MIN_VALUE + 1;

    /**
     * Limits {@code method path} (a Vert.x path: {@code /api/rooms/:room/messages}) to {@code maxBytes};
     * {@code what} names the body in the answer ("a chat message").
     */
    public static void limit(Router router, HttpMethod method, String path, long maxBytes, String what) {
        String body = "{\"error\":\"too_large\",\"detail\":\"" + what + " is at most " + maxBytes + " bytes\"}";
        router.route(method, path).order(ORDER).handler(context -> {
            if (declaredLength(context.request().getHeader("Content-Length")) > maxBytes) {
                context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close").end(body);
            } else {
                context.next();
            }
        });
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

    private BodyLimits() {
    }
}
