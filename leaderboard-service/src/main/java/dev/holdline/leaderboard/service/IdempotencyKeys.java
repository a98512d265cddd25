package dev.holdline.leaderboard.service;

import dev.holdline.platform.rest.ApiException;
import java.util.regex.Pattern;

/** The {@code Idempotency-Key} header of orders and scores: 1 to 128 printable ASCII characters, or none. */
final class IdempotencyKeys {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private IdempotencyKeys() {
    }

    /** A 400 naming the header unless the key is absent or well formed. */
    static void check(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ApiException.badRequest("Idempotency-Key", "1 to 128 printable ASCII characters are expected");
        }
    }

    /** The 422 of a key first used with another request. */
    static ApiException reused(String key) {
        return new ApiException(422, "idempotency_key_reused", "Idempotency-Key " + key
                + " was first used with another request");
    }
}
