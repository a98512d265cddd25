package dev.holdline.platform.identity;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens with the {@code service} role for calls to other Holdline services, signed with
 * {@code smallrye.jwt.sign.key.location} (a Secret in production) and reused until shortly before expiry.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable // looked up by REST client header methods, not injected
public class ServiceTokens {

    private final String subject;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private volatile String token;
    private volatile Instant renewAt = Instant.EPOCH;

    public ServiceTokens(@ConfigProperty(name = "quarkus.application.name") String subject,
            @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "holdline") String issuer,
            IdentityConfig config) {
        this.subject = subject;
        this.issuer = issuer;
        this.audience = config.audience();
        this.lifetime = config.serviceTokenLifetime();
    }

    /** The value for an {@code Authorization} header. */
    public String authorization() {
        Instant now = Instant.now();
        if (token == null || now.isAfter(renewAt)) {
            synchronized (this) {
                if (token == null || now.isAfter(renewAt)) {
                    token = Jwt.issuer(issuer).audience(audience).subject(subject).groups(Roles.SERVICE).expiresIn(lifetime).sign();
                    renewAt = now.plus(lifetime.dividedBy(2));
                }
            }
        }
        return "Bearer " + token;
    }
}
