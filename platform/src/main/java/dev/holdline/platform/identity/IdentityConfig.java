package dev.holdline.platform.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
