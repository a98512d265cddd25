package dev.holdline.testing;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service's real {@code @ConfigMapping} for a plain unit test, built by SmallRye's config builder as Quarkus
 * builds it: its prefix, its kebab-case names, its {@code @WithDefault}s (the one place a default is written),
 * Quarkus's durations ({@code 30s}); with the keys a test sets over them. A misspelt key fails the build.
 */
public final class TestMappings {

    private TestMappings() {
    }

    /** The mapping with its defaults. */
    public static <T> T of(Class<T> mapping) {
        return of(mapping, Map.of());
    }

    /** The mapping with these keys (full names, {@code gateway.buffer.max-events}) set over its defaults. */
    public static <T> T of(Class<T> mapping, Map<String, String> overrides) {
        return new SmallRyeConfigBuilder()
                .withMapping(mapping)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.copyOf(overrides), "test overrides", 500))
                .build()
                .getConfigMapping(mapping);
    }

    /**
     * The settings of a mapping by full name ({@code gateway.buffer.max-events}), as SmallRye reads them from the
     * interface; a map's entries are named with {@code *}.
     */
    public static Map<String, Property> properties(Class<?> mapping) {
        return new TreeMap<>(ConfigMappings.getProperties(ConfigClass.configClass(mapping)));
    }
}
