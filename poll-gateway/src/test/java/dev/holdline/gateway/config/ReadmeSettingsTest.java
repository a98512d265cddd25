package dev.holdline.gateway.config;

import dev.holdline.testing.SettingsTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's settings table shows each setting's default as the @ConfigMapping writes it (the one place). */
class ReadmeSettingsTest {

    @Test
    void shouldListEverySettingWithTheDefaultOfItsMapping() {
        SettingsTable.assertDocuments(List.of(GatewayConfig.class));
    }
}
