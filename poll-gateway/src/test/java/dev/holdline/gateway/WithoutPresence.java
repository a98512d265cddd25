package dev.holdline.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** For tests that count the events of a room: no presence.changed among them. */
public class WithoutPresence implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.presence.enabled", "false");
    }
}
