package dev.holdline.upload.service;

import dev.holdline.platform.identity.IdentityConfig;
import dev.holdline.upload.config.UploadConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Signed thumbnail URLs: {@code /api/images/{id}/thumbnails/{size}?expires=<epoch s>&signature=<HMAC-SHA256>},
 * so that a browser shows a thumbnail in a plain {@code <img>} without a bearer token, and nobody else can
 * guess the address of another user's thumbnail. {@code expires} is rounded up to the end of the next
 * lifetime period, so one thumbnail keeps the same URL for a while and the browser's cache works.
 */
@Singleton
@io.quarkus.runtime.Startup // a refused key stops the start, not the first image view
public class ThumbnailUrls {

    private static final Logger LOG = Logger.getLogger(ThumbnailUrls.class);
    private static final int MIN_KEY_LENGTH = 32;
    /** docker-compose.yml and the dev overlay use keys starting so; anything else refuses them. */
    static final String DEV_KEY_PREFIX = "dev-only-";

    private final SecretKeySpec key;
    private final long lifetimeSeconds;
    private final Clock clock;

    public ThumbnailUrls(UploadConfig config, IdentityConfig identity, Clock clock) {
        byte[] secret = config.urlSigningKey().map(k -> {
            if (k.length() < MIN_KEY_LENGTH) {
                throw new IllegalStateException("upload.url-signing-key: at least " + MIN_KEY_LENGTH + " characters");
            }
            if (k.startsWith(DEV_KEY_PREFIX) && !identity.devKeysAllowed()) {
                throw new IllegalStateException("upload.url-signing-key is the published development key ("
                        + DEV_KEY_PREFIX + "...): set a secret one, or HOLDLINE_IDENTITY_DEV_KEYS_ALLOWED=true locally");
            }
            return k.getBytes(StandardCharsets.UTF_8);
        }).orElseGet(() -> {
            LOG.warn("upload.url-signing-key is not set: thumbnail URLs are signed with a random key of this process"
                    + " (set UPLOAD_URL_SIGNING_KEY when more than one replica serves them)");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.lifetimeSeconds = Math.max(60, config.signedUrlLifetime().toSeconds());
        this.clock = clock;
    }

    /** The thumbnail's URL on the one origin, signed for at least the configured lifetime. */
    public String signed(long imageId, int size) {
        long now = clock.millis() / 1000;
        long expires = (now / lifetimeSeconds + 2) * lifetimeSeconds;
        return Links.thumbnail(imageId, size) + "?expires=" + expires + "&signature=" + sign(imageId, size, expires);
    }

    /** Whether {@code signature} was made here for this thumbnail and {@code expires} has not passed. */
    public boolean holds(long imageId, int size, String expires, String signature) {
        if (expires == null || signature == null || !expires.matches("[0-9]{1,12}")) {
            return false;
        }
        long until = Long.parseLong(expires);
        if (until <= clock.millis() / 1000) {
            return false;
        }
        return MessageDigest.isEqual(sign(imageId, size, until).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Seconds a signed answer may be cached: until its URL expires. */
    public long secondsLeft(String expires) {
        return Math.max(0, Long.parseLong(expires) - clock.millis() / 1000);
    }

    private String sign(long imageId, int size, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((imageId + "/" + size + "/" + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
