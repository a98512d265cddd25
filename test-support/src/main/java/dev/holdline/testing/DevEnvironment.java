package dev.holdline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The development settings of dev-only/env: {@code holdline.env} (every service) and {@code <service>.env} (one
 * service), the files scripts/local and docker-compose.yml (env_file) read too. One {@code KEY=value} a line,
 * {@code #} comments and blank lines left out, values taken literally (no quotes, no interpolation).
 */
public final class DevEnvironment {

    private DevEnvironment() {
    }

    /** The settings of every service: {@code <root>/dev-only/env/holdline.env}. */
    public static Map<String, String> common(Path root) {
        return read(root.resolve("dev-only/env/holdline.env"));
    }

    /** One service's own settings: {@code <root>/dev-only/env/<service>.env}, without the common ones. */
    public static Map<String, String> service(Path root, String service) {
        return read(root.resolve("dev-only/env/" + service + ".env"));
    }

    /** What the service starts with: the common settings, then its own (which win). */
    public static Map<String, String> of(Path root, String service) {
        Map<String, String> all = new LinkedHashMap<>(common(root));
        all.putAll(service(root, service));
        return all;
    }

    static Map<String, String> read(Path file) {
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException(file + ": not KEY=value: " + line);
                }
                settings.put(line.substring(0, equals), line.substring(equals + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }
}
