package dev.holdline.platform.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@code service} role comes from a service token only, and a service token works on internal APIs only
 * ({@value #INTERNAL}...): a user's token that carries {@code groups: service} is that user without the role
 * (403 on an internal API), and a service token on a public API is refused (401).
 */
@ApplicationScoped
public class ServiceRoleAugmentor implements SecurityIdentityAugmentor {

    /** Where internal APIs live in every service (and what the one origin never routes to). */
    public static final String INTERNAL = "/internal/";

    private final ServiceTokenVerifier services;

    public ServiceRoleAugmentor(ServiceTokenVerifier services) {
        this.services = services;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        if (services.isServiceToken(token)) {
            RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
            if (request == null || !request.normalizedPath().startsWith(INTERNAL)) {
                return Uni.createFrom().failure(new AuthenticationFailedException("a service token is for internal APIs only"));
            }
            return Uni.createFrom().item(identity);
        }
        if (!identity.hasRole(Roles.SERVICE)) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder user = QuarkusSecurityIdentity.builder().setPrincipal(token)
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes());
        identity.getRoles().stream().filter(role -> !Roles.SERVICE.equals(role)).forEach(user::addRole);
        return Uni.createFrom().item(user.build());
    }
}
