package dev.holdline.platform.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** A token claiming the service issuer is verified with the service key only, for this service only. */
class ServiceTokenVerifierTest {

    private static final String SERVICE_PUBLIC = "../dev-only/service-jwt/publicKey.pem";

    private static PrivateKey key(String pem) throws Exception {
        return KeyUtils.decodePrivateKey(Files.readString(Path.of(pem)));
    }

    private static String token(String issuer, String audience, String signingKey) throws Exception {
        return Jwt.issuer(issuer).audience(audience).subject("thumbnail-worker").groups(Set.of(Roles.SERVICE))
                .expiresIn(600).sign(key(signingKey));
    }

    @Test
    void shouldVerifyAServiceTokenWithTheServiceKeyAndNeverHandItToTheUsersParser() throws Exception {
        CachingJWTParserTest.CountingParser users = new CachingJWTParserTest.CountingParser();
        CachingJWTParser parser = CachingJWTParserTest.parser(users,
                CachingJWTParserTest.config(100, SERVICE_PUBLIC));

        JsonWebToken verified = parser.parse(token("holdline-services", "upload-service",
                "../dev-only/service-jwt/privateKey.pem"));
        assertEquals("thumbnail-worker", verified.getSubject());
        assertTrue(verified.getGroups().contains(Roles.SERVICE));
        assertThrows(ParseException.class, () -> parser.parse(token("holdline-services", "upload-service",
                "../dev-only/jwt/privateKey.pem")), "the users' key signs no service token");
        assertThrows(ParseException.class, () -> parser.parse(token("holdline-services", "poll-gateway",
                "../dev-only/service-jwt/privateKey.pem")), "meant for another service");
        assertEquals(List.of(), users.verified, "none of them went to the users' parser");
    }

    @Test
    void shouldRefuseEveryServiceTokenWithoutAServiceKey() throws Exception {
        CachingJWTParserTest.CountingParser users = new CachingJWTParserTest.CountingParser();
        CachingJWTParser parser = CachingJWTParserTest.parser(users, CachingJWTParserTest.config(100));
        String token = token("holdline-services", "upload-service", "../dev-only/service-jwt/privateKey.pem");
        assertThrows(ParseException.class, () -> parser.parse(token));
        assertEquals(List.of(), users.verified);
    }

    @Test
    void shouldRefuseToStartWhenServiceAndUsersIssuersAreTheSame() {
        assertThrows(IllegalStateException.class, () -> new ServiceTokenVerifier(CachingJWTParserTest.config(1),
                "upload-service", "holdline-services"));
    }
}
