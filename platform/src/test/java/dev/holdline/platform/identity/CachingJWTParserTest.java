package dev.holdline.platform.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdline.platform.PlatformMappings;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CachingJWTParserTest {

    /** Stands in for smallrye-jwt: "good-*" tokens verify (expiring at the number after the dash), others fail. */
    static final class CountingParser extends DefaultJWTParser {
        final List<String> verified = new ArrayList<>();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verified.add(token);
            if (!token.startsWith("good-")) {
                throw new ParseException("bad signature");
            }
            long exp = Long.parseLong(token.substring(5).split("-")[0]);
            return (JsonWebToken) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { JsonWebToken.class }, (proxy, method, args) -> switch (method.getName()) {
                        case "getExpirationTime" -> exp;
                        case "getName" -> token;
                        default -> null;
                    });
        }
    }

    static IdentityConfig config(int size) {
        return config(size, null);
    }

    /** With {@code serviceKey}: that public key verifies service tokens. */
    static IdentityConfig config(int size, String serviceKey) {
        Map<String, String> settings = new HashMap<>(Map.of("holdline.identity.token-cache-size", "" + size));
        if (serviceKey != null) {
            settings.put("holdline.identity.service-verify-key-location", serviceKey);
        }
        return PlatformMappings.of(IdentityConfig.class, settings);
    }

    static CachingJWTParser parser(DefaultJWTParser delegate, IdentityConfig config) {
        return new CachingJWTParser(delegate, config, new ServiceTokenVerifier(config, "upload-service", "holdline"));
    }

    private static final long LATER = System.currentTimeMillis() / 1000 + 3600;

    @Test
    void shouldVerifyAnUnexpiredTokenOnce() throws Exception {
        CountingParser delegate = new CountingParser();
        CachingJWTParser parser = parser(delegate, config(100));
        String token = "good-" + LATER;
        JsonWebToken first = parser.parse(token);
        assertSame(first, parser.parse(token));
        assertEquals(List.of(token), delegate.verified);
    }

    @Test
    void shouldVerifyAgainOnceExpiredAndNeverRememberAFailure() throws Exception {
        CountingParser delegate = new CountingParser();
        CachingJWTParser parser = parser(delegate, config(100));
        String expired = "good-" + (System.currentTimeMillis() / 1000 - 1);
        parser.parse(expired);
        parser.parse(expired);
        assertThrows(ParseException.class, () -> parser.parse("forged"));
        assertThrows(ParseException.class, () -> parser.parse("forged"));
        assertEquals(List.of(expired, expired, "forged", "forged"), delegate.verified);
    }

    @Test
    void shouldStayWithinItsSize() throws Exception {
        CountingParser delegate = new CountingParser();
        CachingJWTParser parser = parser(delegate, config(2));
        for (String token : List.of("good-" + LATER + "-a", "good-" + LATER + "-b", "good-" + LATER + "-c",
                "good-" + LATER + "-a")) {
            parser.parse(token);
        }
        assertEquals(4, delegate.verified.size(), "the cache was cleared at its size, so 'a' was verified again");
    }
}
