package dev.holdline.platform.identity;

import dev.holdline.platform.Digests;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a service whose token verification key or service signing key is one of the
 * development keys in {@code dev-only/jwt/}, unless {@code holdline.identity.dev-keys-allowed} is set.
 */
@jakarta.inject.Singleton
public class DevKeyGuard {

    /** SHA-256 of the base64 body of {@code dev-only/jwt/publicKey.pem} and {@code privateKey.pem}. */
    static final Set<String> DEV_KEY_FINGERPRINTS = Set.of(
            "6cd6bfdfad4e1962700576765d732c8a0dd4bdb211b59a7db4ebe3f0f1ecff3b",
            "e298b4c15097255bf65d2209512a8f4b208c0e4e34caada2703b71c733868591");

    void onStart(@Observes StartupEvent event, Config config, IdentityConfig identity) {
        if (identity.devKeysAllowed()) {
            return;
        }
        check(config, "mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location");
        check(config, "smallrye.jwt.sign.key", "smallrye.jwt.sign.key.location");
    }

    private static void check(Config config, String inlineKey, String locationKey) {
        Optional<String> inline = config.getOptionalValue(inlineKey, String.class);
        Optional<String> location = config.getOptionalValue(locationKey, String.class);
        String pem = inline.orElseGet(() -> location.map(DevKeyGuard::read).orElse(null));
        if (pem != null && isDevKey(pem)) {
            throw new IllegalStateException("Refusing to start: " + location.map(l -> locationKey + "=" + l)
                    .orElse(inlineKey) + " is a development key from dev-only/jwt. Configure your identity"
                    + " provider's key, or set HOLDLINE_IDENTITY_DEV_KEYS_ALLOWED=true for a local run.");
        }
    }

    static boolean isDevKey(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return DEV_KEY_FINGERPRINTS.contains(Digests.sha256Hex(body));
    }

    private static String read(String location) {
        try {
            String path = location.startsWith("file:") ? location.substring(5) : location;
            Path file = Path.of(path);
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            String resource = path.startsWith("classpath:") ? path.substring(10) : path;
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } catch (IOException | RuntimeException e) {
            return null; // smallrye-jwt reports an unreadable key itself
        }
    }
}
