package dev.holdline.testing;

import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
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

    /** The same token signed with a PEM private key file, for tests that run outside a Quarkus application. */
    public static String bearer(Path privateKeyPem, String user, String... roles) {
        try {
            String base64 = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return "Bearer " + Jwt.issuer("holdline").subject(user).upn(user).groups(Set.of(roles))
                    .expiresIn(3600).sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign with " + privateKeyPem, e);
        }
    }

    private TestTokens() {
    }
}
