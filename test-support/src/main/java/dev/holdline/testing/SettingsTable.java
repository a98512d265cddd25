package dev.holdline.testing;

import dev.holdline.platform.identity.IdentityConfig;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.RabbitAddressesConfig;
import dev.holdline.platform.tracing.ZipkinConfig;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings.ConfigClass;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service README's settings table (the table under {@code ## Settings}), held against the {@code @ConfigMapping}s
 * the service reads: the mapping is the one place a default is written, the table shows it.
 *
 * <p>A row names environment variables in backticks, a later one of a group by its end
 * ({@code `GATEWAY_POLL_MAX_TIMEOUT` / `_MAX_CHANNELS`}; one in parentheses is a remark: {@code (was `X`)}), and
 * gives their defaults in the same order in its second column, apart by {@code /} or {@code ,} outside parentheses
 * ({@code 60 / 32}), each followed by whatever explains it ({@code 10 (entries in a snapshot)}). What is not a
 * setting of a mapping ({@code RABBITMQ_HOST}, read by an extension) is the README's alone.
 */
public final class SettingsTable {

    private static final Pattern NAME = Pattern.compile("`(_?[A-Z][A-Z0-9_<>]*)`");
    private static final Pattern VALUE = Pattern.compile("^(?:`([^`]*)`|([^\\s:;(]+))");
    /** The platform's mappings, read by every service. */
    private static final List<Class<?>> PLATFORM = List.of(EventsConfig.class, IdentityConfig.class,
            RabbitAddressesConfig.class, ZipkinConfig.class);
    /** An expression with a fallback: {@code ${holdline.events.exchange:holdline.events}}. */
    private static final Pattern FALLBACK = Pattern.compile("\\$\\{([^:}]+):([^}]*)}");
    /** What a table says for a setting that has no default. */
    private static final Set<String> UNSET = Set.of("unset", "empty", "none", "—");

    /** Environment variable to the text its default is written as, in the table's order. */
    private final Map<String, String> shown = new LinkedHashMap<>();

    private SettingsTable(List<String> rows, Set<String> known) {
        for (String row : rows) {
            String[] cells = row.replaceAll("^\\|\\s*|\\s*\\|$", "").split("\\s*\\|\\s*", -1);
            if (cells.length < 2) {
                continue;
            }
            List<String> names = names(cells[0].replaceAll("\\([^)]*\\)", ""), known); // (was X): a remark
            List<String> parts = names.size() == 1 ? List.of(cells[1]) : parts(cells[1]);
            for (int i = 0; i < names.size(); i++) {
                shown.put(names.get(i), parts.get(Math.min(i, parts.size() - 1)).trim());
            }
        }
    }

    /**
     * Fails, naming every difference, unless the module's README.md settings table lists each setting of
     * {@code own} with its default and names none of their prefix that they do not have, and shows the default of
     * each setting of the platform's mappings and the {@code shared} ones ({@code OutboxConfig}) it lists (where a
     * service's operator needs them).
     *
     * <p>A default is the mapping's {@code @WithDefault}, or the value the module's application.properties gives a
     * shared setting for this service ({@code holdline.events.watched-queues}). Where application.properties
     * repeats a default of the module's own mapping for an extension that reads it as an expression
     * ({@code ${thumbnail.concurrency}}), or an expression falls back to one
     * ({@code ${holdline.events.exchange:holdline.events}}), they must agree. Run from the module's directory (as
     * Surefire does).
     */
    public static void assertDocuments(List<Class<?>> own, Class<?>... shared) {
        assertDocuments(Path.of(""), own, shared);
    }

    /** {@link #assertDocuments(List, Class[])} for the module in this directory. */
    static void assertDocuments(Path module, List<Class<?>> own, Class<?>... shared) {
        Path readme = module.resolve("README.md");
        Properties properties = properties(module.resolve("src/main/resources/application.properties"));
        Map<String, Setting> settings = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        own.forEach(mapping -> settings(mapping, true, properties, settings, wrong));
        Stream.concat(PLATFORM.stream(), Stream.of(shared))
                .forEach(mapping -> settings(mapping, false, properties, settings, wrong));
        fallbacks(properties, settings, wrong);
        SettingsTable table = new SettingsTable(rows(readme), settings.keySet());
        table.compare(settings, wrong);
        List<String> prefixes = own.stream().map(m -> env(ConfigClass.configClass(m).getPrefix()) + "_").toList();
        for (String variable : table.shown.keySet()) {
            if (prefixes.stream().anyMatch(variable::startsWith) && !variable.contains("<")
                    && !settings.containsKey(variable)) {
                wrong.add(variable + ": in the table, but no setting of the mapping");
            }
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError(readme.toAbsolutePath() + ", settings table against the @ConfigMapping defaults ("
                    + String.join(", ", own.stream().map(Class::getSimpleName).toList()) + "):\n  "
                    + String.join("\n  ", wrong));
        }
    }

    private void compare(Map<String, Setting> settings, List<String> wrong) {
        settings.forEach((variable, setting) -> {
            String text = shown.get(variable);
            if (text == null) {
                if (setting.required) {
                    wrong.add(variable + " (" + setting.name + "): not in the table");
                }
                return;
            }
            String value = value(text);
            if (setting.value != null && !setting.value.equals(value)
                    && !(setting.value.isEmpty() && UNSET.contains(value))) {
                wrong.add(variable + " (" + setting.name + "): the table says " + value + ", the default is "
                        + (setting.value.isEmpty() ? "empty" : setting.value));
            }
        });
    }

    private static void fallbacks(Properties properties, Map<String, Setting> settings, List<String> wrong) {
        Map<String, String> defaults = new LinkedHashMap<>();
        settings.values().forEach(setting -> defaults.put(setting.name, setting.value));
        for (String value : properties.stringPropertyNames().stream().sorted().map(properties::getProperty).toList()) {
            Matcher fallback = FALLBACK.matcher(value);
            while (fallback.find()) {
                String name = fallback.group(1);
                if (defaults.get(name) != null && !defaults.get(name).equals(fallback.group(2))) {
                    wrong.add(name + ": application.properties falls back to " + fallback.group(2) + " in " + value
                            + ", the default is " + defaults.get(name));
                }
            }
        }
    }

    /** The environment form of a key: upper case, every other character {@code _}. */
    public static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private record Setting(String name, String value, boolean required) {
    }

    private static void settings(Class<?> mapping, boolean own, Properties properties, Map<String, Setting> into,
            List<String> wrong) {
        for (Map.Entry<String, Property> entry : TestMappings.properties(mapping).entrySet()) {
            String name = entry.getKey();
            Property property = entry.getValue();
            if (name.contains("*") || property.isGroup()) {
                continue; // a map's entries: the table names them by a pattern (HOLDLINE_WEBHOOKS_<NAME>_URL)
            }
            String value = property.hasDefaultValue() ? property.getDefaultValue() : null;
            String set = properties.getProperty(name);
            if (set != null && own && !set.equals(value)) {
                wrong.add(name + ": application.properties says " + set + ", the @WithDefault " + value
                        + " (a default is written in the mapping; a profile's value is %dev./%test.)");
            }
            into.put(env(name), new Setting(name, set != null ? set : value, own));
        }
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** A group's defaults: apart by {@code " / "} or {@code ", "}, outside parentheses and backticks. */
    private static List<String> parts(String cell) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && (cell.startsWith(" / ", i) || cell.startsWith(", ", i))) {
                parts.add(cell.substring(start, i));
                start = i + (c == ',' ? 2 : 3);
                i = start - 1;
            }
        }
        parts.add(cell.substring(start));
        return parts;
    }

    /** The first thing a default's text says: {@code 10} of {@code 10 (entries in a snapshot)}. */
    private static String value(String text) {
        Matcher m = VALUE.matcher(text);
        if (!m.find()) {
            return text;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** The row's variables, a later one of a group named by its end resolved against the one before it. */
    private static List<String> names(String cell, Set<String> known) {
        List<String> names = new ArrayList<>();
        String previous = null;
        Matcher m = NAME.matcher(cell);
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("_")) {
                name = previous == null ? name : resolve(previous, name, known);
            }
            names.add(name);
            previous = name;
        }
        return names;
    }

    /** {@code GATEWAY_POLL_MAX_TIMEOUT}, {@code _MAX_CHANNELS}: the longest stem of the first naming a setting. */
    private static String resolve(String previous, String end, Set<String> known) {
        for (int cut = previous.lastIndexOf('_'); cut > 0; cut = previous.lastIndexOf('_', cut - 1)) {
            String candidate = previous.substring(0, cut) + end;
            if (known.contains(candidate)) {
                return candidate;
            }
        }
        return previous.substring(0, Math.max(previous.lastIndexOf('_'), 0)) + end;
    }

    private static List<String> rows(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Settings");
            } else if (inSection && line.startsWith("|") && !line.matches("^\\|[\\s|:-]*$")) {
                rows.add(line);
            }
        }
        if (rows.isEmpty()) {
            throw new AssertionError(readme + " has no settings table (a table under \"## Settings\")");
        }
        return rows.subList(1, rows.size()); // its header
    }
}
