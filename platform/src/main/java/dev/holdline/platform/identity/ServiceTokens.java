package dev.holdline.platform.identity;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens with the {@code service} role for calls to another Holdline service's internal API: issued by
 * {@code holdline.identity.service-issuer}, meant for ({@code aud}) the called service only, signed with this
 * service's own key ({@code holdline.identity.service-sign-key-location}, never the users' key), and reused
 * until shortly before expiry.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable // looked up by REST client header methods, not injected
public class ServiceTokens {

    private record Token(String value, Instant renewAt) {
    }

    private final String subject;
    private final IdentityConfig config;
    private final Map<String, Token> byAudience = new ConcurrentHashMap<>();
    private volatile PrivateKey key;

    public ServiceTokens(@ConfigProperty(name = "quarkus.application.name") String subject, IdentityConfig config) {
        this.subject = subject;
        this.config = config;
    }

    /** The value for an {@code Authorization} header on a call to {@code service} (its application name). */
    public String authorization(String service) {
        Instant now = Instant.now();
        Token token = byAudience.get(service);
        if (token == null || now.isAfter(token.renewAt())) {
            Duration lifetime = config.serviceTokenLifetime();
            token = new Token(Jwt.issuer(config.serviceIssuer()).audience(service).subject(subject)
                    .groups(Roles.SERVICE).expiresIn(lifetime).jws().sign(key()), now.plus(lifetime.dividedBy(2)));
            byAudience.put(service, token); // one entry per service this one calls: a handful
        }
        return "Bearer " + token.value();
    }

    private PrivateKey key() {
        PrivateKey known = key;
        if (known == null) {
            String location = config.serviceSignKeyLocation().orElseThrow(() -> new IllegalStateException(
                    "no service signing key: set HOLDLINE_IDENTITY_SERVICE_SIGN_KEY_LOCATION"));
            String pem = KeyFiles.pem(location);
            if (pem == null) {
                throw new IllegalStateException("the service signing key " + location + " cannot be read");
            }
            try {
                known = KeyUtils.decodePrivateKey(pem);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the service signing key " + location + " is not an RSA key", e);
            }
            key = known;
        }
        return known;
    }
}
