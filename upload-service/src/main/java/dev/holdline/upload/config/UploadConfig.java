package dev.holdline.upload.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "upload")
public interface UploadConfig {

    /** Largest original accepted, in bytes; larger is 413. */
    @WithDefault("20971520")
    long maxBytes();

    /**
     * Bytes of originals one user may keep (1 GiB); an upload past it is a 413 {@code quota_exceeded}, and deleting
     * images frees room. Uploads of one user are counted one at a time, so concurrent ones cannot overshoot it.
     */
    @WithDefault("1073741824")
    long quotaBytes();

    /**
     * Base URL of poll-gateway for the {@code statusUrl} of an upload. Empty: a path on the same origin,
     * as served behind the Ingress or the compose proxy.
     */
    Optional<String> gatewayUrl();

    /** Uploads one user may make at once, then {@link #uploadsPerMinute()}; past that 429 with Retry-After. */
    @WithDefault("10")
    int uploadsBurst();

    @WithDefault("30")
    int uploadsPerMinute();

    /** Users whose allowance is remembered at once. */
    @WithDefault("100000")
    int limitedUsers();

    /**
     * Key of the signed thumbnail URLs ({@code ?expires=&signature=}) that let a plain {@code <img>} show a
     * thumbnail without a bearer token; at least 32 characters, the same on every replica
     * ({@code UPLOAD_URL_SIGNING_KEY}). Unset: a random key per process (fine for one replica).
     */
    Optional<String> urlSigningKey();

    /** How long a signed thumbnail URL works at least; URLs are stable within such a period, so cacheable. */
    @WithDefault("1h")
    Duration signedUrlLifetime();

    Sweeper sweeper();

    interface Sweeper {
        /** How often to look for unfinished images (read by the scheduler as ${upload.sweeper.interval}). */
        @WithDefault("30s")
        Duration interval();

        /** An image PENDING or PROCESSING for longer than this is asked for again. */
        @WithDefault("5m")
        Duration staleAfter();

        /** After this many requests for processing, the image is FAILED. */
        @WithDefault("4")
        int maxAttempts();
    }
}
