package dev.holdline.platform;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * A platform {@code @ConfigMapping} as Quarkus builds it, its {@code @WithDefault}s with the keys a test sets over
 * them: the platform's own tests cannot reach test-support's {@code TestMappings} (test-support depends on this
 * module), so this is its counterpart here.
 */
public final class PlatformMappings {

    private PlatformMappings() {
    }

    public static <T> T of(Class<T> mapping, Map<String, String> overrides) {
        return new SmallRyeConfigBuilder().withMapping(mapping)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.copyOf(overrides), "test overrides", 500))
                .build().getConfigMapping(mapping);
    }
}
