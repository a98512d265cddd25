package dev.holdline.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads from its configuration, learnt from its sources (and those of the shared modules it
 * depends on): the keys of its application.properties and of the platform's defaults (also the ones documented
 * in comments as {@code # key=default}), {@code @ConfigProperty(name = ...)}, and the {@code @ConfigMapping}
 * interfaces (prefix plus method names). An environment variable is read when it is the environment form of
 * one of them (upper case, every other character {@code _}).
 */
final class ServiceSettings {

    static final List<String> SERVICES = List.of("upload-service", "thumbnail-worker", "leaderboard-service",
            "webhook-dispatcher", "poll-gateway");
    private static final List<String> SHARED = List.of("platform", "outbox");
    /** Read by the frameworks every service uses, without a line of ours. */
    private static final Set<String> FRAMEWORK = Set.of("rabbitmq-username", "rabbitmq-password",
            "quarkus.datasource.password", "java-opts-append");
    private static final Pattern PROPERTY = Pattern.compile("^#?\\s*(?:%[\\w-]+\\.)?([a-z][\\w.\\-\"]*)\\s*=",
            Pattern.MULTILINE);
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern METHOD = Pattern.compile("^\\s+[\\w<>, ?.]+\\s+(\\w+)\\(\\);", Pattern.MULTILINE);

    private final Set<String> keys = new HashSet<>();
    private final Map<String, Set<String>> mappings = new HashMap<>();
    final int port;

    private ServiceSettings(String service) {
        Path root = Path.of("..");
        List<Path> modules = new ArrayList<>(List.of(root.resolve(service)));
        SHARED.forEach(m -> modules.add(root.resolve(m)));
        String properties = read(root.resolve(service + "/src/main/resources/application.properties"));
        Matcher port = Pattern.compile("^quarkus\\.http\\.port=(\\d+)", Pattern.MULTILINE).matcher(properties);
        this.port = port.find() ? Integer.parseInt(port.group(1)) : -1;
        keys.addAll(FRAMEWORK);
        for (Path module : modules) {
            for (Path file : files(module.resolve("src/main/resources"), ".properties")) {
                PROPERTY.matcher(read(file)).results().forEach(m -> keys.add(m.group(1).replace("\"", "")));
            }
            for (Path file : files(module.resolve("src/main/java"), ".java")) {
                String source = read(file);
                CONFIG_PROPERTY.matcher(source).results().forEach(m -> keys.add(m.group(1)));
                Matcher mapping = MAPPING.matcher(source);
                if (mapping.find()) {
                    Set<String> names = new HashSet<>();
                    METHOD.matcher(source).results().forEach(m -> names.add(kebab(m.group(1))));
                    mappings.put(mapping.group(1), names);
                }
            }
        }
    }

    private static final Map<String, ServiceSettings> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** A service's settings, its sources read once per test run. */
    static ServiceSettings of(String service) {
        return READ.computeIfAbsent(service, ServiceSettings::new);
    }

    /** Whether the service reads this environment variable. */
    boolean reads(String variable) {
        if (keys.stream().anyMatch(k -> env(k).equals(variable))) {
            return true;
        }
        for (Map.Entry<String, Set<String>> mapping : mappings.entrySet()) {
            String prefix = env(mapping.getKey()) + "_";
            if (!variable.startsWith(prefix)) {
                continue;
            }
            String rest = variable.substring(prefix.length());
            for (String first : mapping.getValue()) {
                if (env(first).equals(rest)) {
                    return true;
                }
                for (String second : mapping.getValue()) {
                    if ((env(first) + "_" + env(second)).equals(rest)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
