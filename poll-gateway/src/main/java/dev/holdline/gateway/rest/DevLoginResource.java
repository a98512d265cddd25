package dev.holdline.gateway.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.holdline.events.Channels;
import dev.holdline.platform.identity.IdentityConfig;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The web app's sign-in for local runs: any user name, in one step, as a token signed with this service's
 * signing key (the development key locally). It exists only while {@code holdline.identity.dev-keys-allowed}
 * is on (dev and test profiles, {@code scripts/local}, the dev overlay); everywhere else it is a 404 and the
 * web app signs in through the identity provider, whose tokens every service verifies the same way.
 */
@Path("/api/dev/login")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class DevLoginResource {

    static final Duration LIFETIME = Duration.ofHours(8);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Login(String user, boolean admin) {
    }

    public record Token(String token, String user, boolean admin, Instant expiresAt) {
    }

    private final IdentityConfig identity;
    private final String issuer;

    public DevLoginResource(IdentityConfig identity,
            @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "holdline") String issuer) {
        this.identity = identity;
        this.issuer = issuer;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Development only: a token for any user name ({user, admin}); 404 in production")
    public Token login(Login login) {
        if (!identity.devKeysAllowed()) {
            throw ApiException.notFound("dev login (only where holdline.identity.dev-keys-allowed is on)");
        }
        if (login == null || login.user() == null || !Channels.isValidName(login.user())) {
            throw ApiException.badRequest("user", "1 to 64 characters of [A-Za-z0-9._-]");
        }
        Instant expires = Instant.now().plus(LIFETIME);
        String token = Jwt.issuer(issuer).audience(identity.audience()).subject(login.user()).upn(login.user())
                .groups(login.admin() ? Set.of(Roles.ADMIN) : Set.of()).expiresAt(expires).sign();
        return new Token(token, login.user(), login.admin(), expires);
    }
}
