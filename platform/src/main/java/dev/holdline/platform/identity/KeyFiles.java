package dev.holdline.platform.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Key files as smallrye-jwt finds them: a file path (or {@code file:}) or a class-path resource. */
final class KeyFiles {

    private KeyFiles() {
    }

    /** The PEM text at {@code location}; null when there is none. */
    static String pem(String location) {
        byte[] bytes = bytes(location);
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }

    /** The bytes at {@code location}; null when there is none or it cannot be read. */
    static byte[] bytes(String location) {
        try {
            String path = location.startsWith("file:") ? location.substring(5) : location;
            Path file = Path.of(path);
            if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
            String resource = path.startsWith("classpath:") ? path.substring(10) : path;
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
