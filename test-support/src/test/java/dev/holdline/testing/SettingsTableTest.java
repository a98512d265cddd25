package dev.holdline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTableTest {

    @ConfigMapping(prefix = "demo")
    public interface DemoConfig {
        @WithDefault("10")
        int topSize();

        @WithDefault("30s")
        Duration ttl();

        Optional<String> origin();

        Limits limits();

        interface Limits {
            @WithDefault("60")
            int burst();

            @WithDefault("120")
            int perMinute();
        }
    }

    private static final String TABLE = """
            # demo

            ## Settings (environment variable, default)

            | setting | default |
            |---|---|
            | `DEMO_TOP_SIZE` (was `DEMO_TOP`) | 10 (entries in a snapshot) |
            | `DEMO_ORIGIN` / `DEMO_TTL` | unset (any origin, or a list: `a, b`) / 30s |
            | `DEMO_LIMITS_BURST` / `_PER_MINUTE` | 60 / 120: per user |
            | `RABBITMQ_HOST` / `_PORT` | localhost / 5672 |

            ## Next
            | `DEMO_TOP_SIZE` | 11 |
            """;

    @TempDir
    Path module;

    private void write(String readme, String properties) throws IOException {
        Files.writeString(module.resolve("README.md"), readme);
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("src/main/resources/application.properties"), properties);
    }

    private String wrong() {
        return assertThrows(AssertionError.class,
                () -> SettingsTable.assertDocuments(module, List.of(DemoConfig.class))).getMessage();
    }

    @Test
    void shouldPassATableShowingEveryDefaultOfTheMapping() throws IOException {
        write(TABLE, "%test.demo.top-size=3\n");
        SettingsTable.assertDocuments(module, List.of(DemoConfig.class));
    }

    @Test
    void shouldNameADefaultTheTableGetsWrongInAGroup() throws IOException {
        write(TABLE.replace("60 / 120: per user", "60 / 100: per user"), "");
        assertTrue(wrong().contains("DEMO_LIMITS_PER_MINUTE (demo.limits.per-minute): the table says 100, the default "
                + "is 120"), wrong());
    }

    @Test
    void shouldNameASettingMissingFromTheTable() throws IOException {
        write(TABLE.replace("| `DEMO_TOP_SIZE` (was `DEMO_TOP`) | 10 (entries in a snapshot) |\n", ""), "");
        assertTrue(wrong().contains("DEMO_TOP_SIZE (demo.top-size): not in the table"), wrong());
    }

    @Test
    void shouldNameAVariableOfTheMappingsPrefixThatNoSettingReads() throws IOException {
        write(TABLE.replace("| `RABBITMQ_HOST`", "| `DEMO_MAX_SOCKETS` | 5 |\n| `RABBITMQ_HOST`"), "");
        assertTrue(wrong().contains("DEMO_MAX_SOCKETS: in the table, but no setting of the mapping"), wrong());
    }

    @Test
    void shouldNameADefaultApplicationPropertiesWritesOtherwise() throws IOException {
        write(TABLE, "demo.top-size=12\nother=${demo.ttl:20s}\n");
        String wrong = wrong();
        assertTrue(wrong.contains("demo.top-size: application.properties says 12, the @WithDefault 10"), wrong);
        assertTrue(wrong.contains("demo.ttl: application.properties falls back to 20s"), wrong);
    }

    @Test
    void shouldBuildTheRealMappingWithItsDefaultsAndTheKeysATestSets() {
        DemoConfig defaults = TestMappings.of(DemoConfig.class);
        assertEquals(10, defaults.topSize());
        assertEquals(Duration.ofSeconds(30), defaults.ttl(), "Quarkus's duration form");
        assertEquals(Optional.empty(), defaults.origin());

        DemoConfig set = TestMappings.of(DemoConfig.class, Map.of("demo.limits.burst", "5", "demo.ttl", "1m"));
        assertEquals(5, set.limits().burst());
        assertEquals(120, set.limits().perMinute());
        assertEquals(Duration.ofMinutes(1), set.ttl());
    }

    @Test
    void shouldRefuseAKeyTheMappingDoesNotHave() {
        assertThrows(RuntimeException.class, () -> TestMappings.of(DemoConfig.class, Map.of("demo.limits.brust", "5")));
    }
}
