package dev.holdline.gateway;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.messaging.StreamConsumer;
import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stream is bounded by bytes as well as by age, so a flood of events cannot fill the broker's disk, and
 * replicated on three nodes with its leader placed {@code balanced} (one node here: RabbitMQ caps the replicas).
 */
@QuarkusTest
class StreamBoundsTest {

    @Inject
    GatewayConfig config;

    @Test
    void shouldDeclareTheStreamWithItsAgeAndByteBoundsAndItsReplicas() throws Exception {
        ServiceReady.await();
        String stream = StreamConsumer.QUEUE + System.getProperty("holdline.test.queue-suffix");
        Map<String, Object> declared = new HashMap<>(Map.of("x-queue-type", "stream",
                "x-max-age", config.stream().maxAge(), "x-max-length-bytes", config.stream().maxBytes(),
                "x-stream-max-segment-size-bytes", config.stream().segmentBytes(),
                "x-initial-cluster-size", 3, "x-queue-leader-locator", "balanced"));
        try (Connection connection = TestInfra.rabbit()) {
            try (Channel channel = connection.createChannel()) {
                channel.queueDeclare(stream, true, false, false, declared); // equivalent: accepted
            }
            Map<String, Object> unbounded = new HashMap<>(declared);
            unbounded.put("x-max-length-bytes", config.stream().maxBytes() * 2);
            Channel other = connection.createChannel();
            assertThrows(IOException.class, () -> other.queueDeclare(stream, true, false, false, unbounded),
                    "RabbitMQ refuses another byte bound: the stream has the configured one");
            Map<String, Object> unreplicated = new HashMap<>(declared);
            unreplicated.remove("x-initial-cluster-size");
            Channel third = connection.createChannel();
            assertThrows(IOException.class, () -> third.queueDeclare(stream, true, false, false, unreplicated),
                    "RabbitMQ refuses a declaration without the replicas: the stream was declared with them");
        }
    }
}
