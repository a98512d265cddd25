package dev.holdline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A test profile whose {@code rabbitmq-addresses} lists two dead addresses (ports on 127.0.0.1 nothing listens on)
 * and then this machine's broker ({@link TestInfra#addressesWithDeadFirst}): a service must connect through the
 * one live node of three, whichever path its connections take.
 */
public class DeadNodesFirst implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rabbitmq-addresses", TestInfra.addressesWithDeadFirst(2));
    }
}
