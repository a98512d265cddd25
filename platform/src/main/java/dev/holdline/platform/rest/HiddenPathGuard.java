package dev.holdline.platform.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * Refuses, before any routing, a request path that hides another: an encoded slash or backslash, a matrix
 * parameter ({@code ;}), an encoded dot or a dot segment. A proxy in front routes by the decoded path but passes the raw one on,
 * and the REST layer drops matrix parameters: {@code /api/images;x%2F..%2F..%2Finternal/...} would pass the
 * proxy as a public path and reach an internal one here. No Holdline path needs any of these.
 */
@Singleton
public class HiddenPathGuard {

    private static final Pattern HIDDEN = Pattern.compile("(?i)%2f|%5c|%2e|;|(^|/)\\.\\.?(/|$)");
    private static final String BODY = "{\"error\":\"invalid_path\",\"detail\":\"encoded slashes, matrix parameters"
            + " and dot segments are not accepted in a path\"}";

    /** Every request passes here (each poll too): most paths have none of the characters the pattern needs. */
    private static boolean suspicious(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '.') {
                return true;
            }
        }
        return false;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String path = context.request().path();
            if (path != null && suspicious(path) && HIDDEN.matcher(path).find()) {
                context.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(BODY);
            } else {
                context.next();
            }
        });
    }
}
