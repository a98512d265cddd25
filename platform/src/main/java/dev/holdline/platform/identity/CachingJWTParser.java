package dev.holdline.platform.identity;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies a bearer token once and remembers the result until the token expires. A long-polling client
 * sends the same token with every poll; parsing and checking its RS256 signature each time was a third of
 * poll-gateway's CPU under load (JFR). The cache is keyed by the whole token string, so only a byte-identical
 * token that already passed verification is answered from it; it holds at most
 * {@code holdline.identity.token-cache-size} tokens and drops expired ones first. A token claiming the service
 * issuer is verified with the service key only ({@link ServiceTokenVerifier}), any other with the users' key.
 */
@Alternative
@Priority(1)
@Singleton
public class CachingJWTParser implements JWTParser {

    private final DefaultJWTParser delegate;
    private final int maxSize;
    private final ServiceTokenVerifier services;
    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    public CachingJWTParser(DefaultJWTParser delegate, IdentityConfig config, ServiceTokenVerifier services) {
        this.delegate = delegate;
        this.maxSize = config.tokenCacheSize();
        this.services = services;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (maxSize <= 0) {
            return verify(token);
        }
        long now = System.currentTimeMillis() / 1000;
        JsonWebToken known = verified.get(token);
        if (known != null && known.getExpirationTime() > now) {
            return known;
        }
        JsonWebToken fresh = verify(token);
        if (verified.size() >= maxSize) {
            verified.values().removeIf(t -> t.getExpirationTime() <= now);
            if (verified.size() >= maxSize) {
                verified.clear();
            }
        }
        verified.put(token, fresh);
        return fresh;
    }

    /** A service token with the service key, any other with the users' key and issuer. */
    private JsonWebToken verify(String token) throws ParseException {
        return services.claimsServiceIssuer(token) ? services.verify(token, delegate) : delegate.parse(token);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
