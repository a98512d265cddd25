package dev.holdline.leaderboard.rest;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The name a caller's token gives them: its {@code name} claim, else {@code preferred_username}; null if none. */
final class TokenNames {

    private TokenNames() {
    }

    static String of(JsonWebToken token) {
        String name = claim(token, "name");
        return name != null ? name : claim(token, "preferred_username");
    }

    private static String claim(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value instanceof String text ? text : null;
    }
}
