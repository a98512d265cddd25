package dev.holdline.platform.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "holdline.identity")
public interface IdentityConfig {

    /**
     * Whether the keys under {@code dev-only/} may be used. True in the dev and test profiles and in
     * {@code scripts/local}; false elsewhere, so that a production deployment cannot run on a public key.
     */
    @WithDefault("false")
    boolean devKeysAllowed();

    /** Verified bearer tokens remembered until they expire (0: verify every request). */
    @WithDefault("10000")
    int tokenCacheSize();

    /**
     * The audience ({@code aud}) every token must name, and the one the tokens signed here carry: tokens the same
     * identity provider issued for other applications are refused ({@code mp.jwt.verify.audiences} follows it).
     */
    @WithDefault("holdline")
    String audience();

    /** Lifetime of the tokens this service signs for calls to other Holdline services. */
    @WithDefault("10m")
    Duration serviceTokenLifetime();

    /**
     * The issuer ({@code iss}) of service tokens, the ones Holdline services sign for each other's internal APIs.
     * It must differ from the users' issuer ({@code mp.jwt.verify.issuer}): a service token is told apart by it.
     */
    @WithDefault("holdline-services")
    String serviceIssuer();

    /**
     * The public key that verifies service tokens, in a service with an internal API (upload-service). Without
     * it every service token is refused.
     */
    Optional<String> serviceVerifyKeyLocation();

    /**
     * The private key this service signs its service tokens with, in a service that calls an internal API
     * (thumbnail-worker). Not the users' key: a service token cannot pass for a user's, nor a user's for it.
     */
    Optional<String> serviceSignKeyLocation();
}
