package dev.holdline.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** rabbitmq-addresses as a process reads it: one shuffled order of the configured nodes (issue 27). */
class ShuffledAddressesTest {

    private static final String NODES = "127.0.0.1:5701,127.0.0.1:5702, 127.0.0.1:5703";

    @Test
    void shouldGiveEveryProcessAnOrderOfItsOwnSoReplicasSpreadOverTheNodes() {
        Set<String> firsts = new HashSet<>();
        for (int process = 0; process < 60; process++) {
            String read = config(Map.of(RabbitAddresses.KEY, NODES)).getRawValue(RabbitAddresses.KEY);
            assertEquals(Set.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"),
                    new HashSet<>(Arrays.asList(read.split(","))), "the same nodes, each once: " + read);
            firsts.add(read.split(",")[0]);
        }
        assertEquals(3, firsts.size(), "each node comes first for some process: " + firsts);
    }

    @Test
    void shouldReadOneOrderThroughoutAProcess() {
        SmallRyeConfig config = config(Map.of(RabbitAddresses.KEY, NODES));
        String first = config.getRawValue(RabbitAddresses.KEY);
        for (int i = 0; i < 20; i++) {
            assertEquals(first, config.getRawValue(RabbitAddresses.KEY));
        }
        assertEquals(3, RabbitAddresses.parse(first).addresses().size());
    }

    @Test
    void shouldLeaveOtherKeysAndAnUnsetListAlone() {
        SmallRyeConfig config = config(Map.of("rabbitmq-host", "a,b,c"));
        assertEquals("a,b,c", config.getRawValue("rabbitmq-host"));
        assertEquals(null, config.getRawValue(RabbitAddresses.KEY));
    }

    @Test
    void shouldShuffleEntriesNotCharacters() {
        assertEquals(List.of("x:1", "y:2"), Arrays.stream(ShuffledAddresses.shuffle(" y:2 , x:1 ", new Random(1))
                .split(",")).sorted().toList());
    }

    /** A config as a service builds it: the interceptor found through META-INF/services, as Quarkus finds it. */
    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }
}
