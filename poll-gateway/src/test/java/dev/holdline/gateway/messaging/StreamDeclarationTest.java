package dev.holdline.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.testing.TestInfra;
import dev.holdline.testing.TestMappings;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stream's declaration against the RabbitMQ of the tests: the broker's refusals are told apart by their reply
 * codes (404 for a stream that is gone, 406 for one declared with other arguments).
 */
@Tag("infra")
class StreamDeclarationTest {

    private final String suffix = ".t" + UUID.randomUUID().toString().substring(0, 8);
    private final String exchange = "holdline.events" + suffix;
    private StreamDeclaration declaration;
    private Connection connection;

    @BeforeEach
    void declareTheExchange() throws Exception {
        // the real mappings with their defaults, and this test's own exchange and names
        Map<String, String> names = Map.of("holdline.events.exchange", exchange,
                "holdline.events.queue-suffix", suffix);
        declaration = new StreamDeclaration(TestMappings.of(EventsConfig.class, names),
                TestMappings.of(GatewayConfig.class));
        connection = TestInfra.rabbit();
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(exchange, "topic", false, true, null);
        }
    }

    @AfterEach
    void deleteWhatWasDeclared() throws Exception {
        if (connection == null) {
            return;
        }
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(declaration.queue());
            channel.exchangeDelete(StreamDeclaration.markers(declaration.queue()));
            channel.exchangeDelete(exchange);
        } finally {
            connection.close();
        }
    }

    @Test
    void shouldTellAMissingStreamFromADeclaredOne() throws Exception {
        assertFalse(declaration.exists(connection));

        declaration.declare(connection);

        assertTrue(declaration.exists(connection));
    }

    @Test
    void shouldKeepAStreamDeclaredWithOtherArguments() throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(declaration.queue(), true, false, false,
                    Map.of("x-queue-type", "stream", "x-max-length-bytes", 1_000_000L));
        }

        Channel channel = declaration.declare(connection);

        assertTrue(channel.isOpen(), "a channel to consume the stream as it is");
        assertTrue(declaration.exists(connection));
    }
}
