package dev.holdline.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ListAddressResolver;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RabbitAddressesTest {

    @Test
    void shouldReadAListOfHostsAndPortsAsTheJavaClientDoes() {
        String text = "rabbitmq-0.rabbitmq-nodes:5672, rabbitmq-1.rabbitmq-nodes:5673,127.0.0.1:5674";

        RabbitAddresses parsed = RabbitAddresses.parse(text);

        assertEquals(List.of(new Address("rabbitmq-0.rabbitmq-nodes", 5672), new Address("rabbitmq-1.rabbitmq-nodes",
                5673), new Address("127.0.0.1", 5674)), parsed.addresses());
        assertEquals(List.of(Address.parseAddresses(text)), parsed.addresses(), "what the RabbitMQ connector reads");
        assertEquals("rabbitmq-0.rabbitmq-nodes:5672,rabbitmq-1.rabbitmq-nodes:5673,127.0.0.1:5674", parsed.toString());
    }

    @Test
    void shouldReadOneAddressAndAnIpv6One() {
        assertEquals(List.of(new Address("rabbitmq", 5672)), RabbitAddresses.parse(" rabbitmq:5672 ").addresses());
        RabbitAddresses v6 = RabbitAddresses.parse("[::1]:5672,localhost:5672");
        assertEquals(List.of(Address.parseAddresses("[::1]:5672,localhost:5672")), v6.addresses());
        assertEquals("[::1]:5672,localhost:5672", v6.toString());
    }

    @Test
    void shouldRefuseBadEntriesWithAnErrorNamingTheKey() {
        for (String bad : List.of("", "  ", "rabbitmq", "rabbitmq:", ":5672", "rabbitmq:amqp", "rabbitmq:5672,",
                "a:1,,b:2", "rabbitmq:0", "rabbitmq:70000", "rabbitmq:5672;other:5672", "amqp://rabbitmq:5672",
                "rab bit:5672", "[::1:5672")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RabbitAddresses.parse(bad), "refused: '" + bad + "'");
            assertTrue(refused.getMessage().startsWith("rabbitmq-addresses"), refused.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RabbitAddresses.parse("a:5672,b:x"))
                .getMessage().contains("'b:x'"), "the bad entry is named");
        // the converter the start-up check uses: SmallRye Config shows its message with the key and the value
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new RabbitAddressesConfig.Converter().convert("rabbitmq-0:5672,rabbitmq-1:amqp")).getMessage()
                .startsWith("rabbitmq-addresses: 'rabbitmq-1:amqp'"));
    }

    @Test
    void shouldHaveTheJavaClientTryTheAddressesInANewRandomOrderForEachConnection() throws Exception {
        // RabbitConnections.open hands the list to ConnectionFactory.newConnection(List<Address>), which tries
        // ListAddressResolver.maybeShuffle(addresses) in order: a client upgrade that stopped shuffling fails here
        List<Address> addresses = RabbitAddresses.parse("a:1,b:2,c:3").addresses();
        ListAddressResolver resolver = new ListAddressResolver(addresses);
        Set<Address> firstTried = new HashSet<>();
        IntStream.range(0, 200).forEach(i -> firstTried.add(resolver.maybeShuffle(addresses).get(0)));
        assertEquals(Set.copyOf(addresses), firstTried, "each node comes first sometimes");
    }
}
