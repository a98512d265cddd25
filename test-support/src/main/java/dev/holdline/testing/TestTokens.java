package dev.holdline.testing;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/**
 * Tokens as {@code scripts/dev-token} makes them: RS256 with the dev key, {@code sub} = user,
 * {@code groups} = roles. Needs {@code smallrye.jwt.sign.key.location} in the test profile.
 */
public final class TestTokens {

    public static String bearer(String user, String... roles) {
        return "Bearer " + Jwt.issuer("holdline").subject(user).upn(user).groups(Set.of(roles))
                .expiresIn(3600).sign();
    }

    private TestTokens() {
    }
}
