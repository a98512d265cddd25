package dev.holdline.gateway.rest;

import dev.holdline.gateway.service.ChannelAuthorizer.Caller;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reading the caller and numeric parameters the same way in every resource. */
final class Callers {

    static Caller of(JsonWebToken token) {
        return new Caller(token.getSubject(), token.getGroups().contains(Roles.ADMIN), "Bearer " + token.getRawToken());
    }

    /** A whole number in range, its default when absent; otherwise a 400 naming the field (never clamped). */
    static int intParam(String field, Object value, int fallback, int min, int max) {
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            int parsed = value instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue()
                    : Integer.parseInt(value.toString().trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest(field, "a whole number from " + min + " to " + max + " is expected, got '"
                + value + "'");
    }

    private Callers() {
    }
}
