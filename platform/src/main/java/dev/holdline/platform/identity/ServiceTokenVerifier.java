package dev.holdline.platform.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tells service tokens from users' tokens by their issuer and verifies them with the service key, meant for this
 * service ({@code aud} = its application name). A service without {@code holdline.identity.service-verify-key-location}
 * refuses every service token. Made at start-up, so that an unreadable key stops the service there rather than
 * failing every request later.
 */
@io.quarkus.runtime.Startup
@Singleton
public class ServiceTokenVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final JWTAuthContextInfo context;

    public ServiceTokenVerifier(IdentityConfig config, @ConfigProperty(name = "quarkus.application.name") String self,
            @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "holdline") String usersIssuer) {
        this.issuer = config.serviceIssuer();
        if (issuer.equals(usersIssuer)) {
            throw new IllegalStateException("holdline.identity.service-issuer must differ from mp.jwt.verify.issuer ("
                    + usersIssuer + "): it is what tells a service token from a user's");
        }
        this.context = config.serviceVerifyKeyLocation().map(location -> context(location, self)).orElse(null);
    }

    private JWTAuthContextInfo context(String location, String self) {
        String pem = KeyFiles.pem(location);
        if (pem == null) {
            throw new IllegalStateException("the service token key " + location + " cannot be read");
        }
        try {
            JWTAuthContextInfo info = new JWTAuthContextInfo(KeyUtils.decodePublicKey(pem), issuer);
            info.setExpectedAudience(Set.of(self));
            return info;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the service token key " + location + " is not an RSA public key in PEM"
                    + " (-----BEGIN PUBLIC KEY-----)", e);
        }
    }

    /** Whether a verified token is a service token. */
    public boolean isServiceToken(JsonWebToken token) {
        return issuer.equals(token.getIssuer());
    }

    /** Whether an unverified token claims the service issuer, so that only the service key may verify it. */
    boolean claimsServiceIssuer(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return false;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(first + 1, second)));
            return claims != null && issuer.equals(claims.path("iss").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            return false; // not a JWT: the users' parser refuses it
        }
    }

    JsonWebToken verify(String token, DefaultJWTParser parser) throws ParseException {
        if (context == null) {
            throw new ParseException("service tokens are not accepted by this service");
        }
        return parser.parse(token, context);
    }
}
