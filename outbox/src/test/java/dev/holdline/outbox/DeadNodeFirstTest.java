package dev.holdline.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.messaging.ConfirmedPublisher;
import dev.holdline.platform.messaging.RabbitConnections;
import dev.holdline.testing.DeadNodesFirst;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java-client path with {@code rabbitmq-addresses} listing three nodes, the first two of them dead (ports on
 * 127.0.0.1 nothing listens on): connections skip them, whatever order they are tried in, and publishes with
 * confirms (the outbox relay's and every direct publisher's way) go through the live one.
 */
@QuarkusTest
@TestProfile(DeadNodesFirst.class)
class DeadNodeFirstTest {

    @Inject
    ConfirmedPublisher publisher;

    @Inject
    RabbitConnections connections;

    @Inject
    EventFactory events;

    private static final String LIVE = TestInfra.rabbitAddresses();

    @Test
    void shouldPublishWithConfirmsThroughTheOneLiveAddressOfThree() throws Exception {
        assertEquals(3, connections.address().split(",").length, connections.address());
        // the process reads the three in its own shuffled order (ShuffledAddresses): the live one is among them
        assertTrue(List.of(connections.address().split(",")).contains(LIVE), connections.address());
        CloudEvent event = events.create(EventTypes.NOTIFICATION, "notifications", List.of(Channels.user("bob")),
                Map.of("text", "through the live node"));
        try (EventProbe probe = EventProbe.listen(EventTypes.NOTIFICATION)) {
            publisher.publish(event).get(10, TimeUnit.SECONDS);

            probe.await(m -> event.id().equals(m.properties().getMessageId()), Duration.ofSeconds(10));
        }
        assertEquals(LIVE, publisher.node(), "the publisher says which node it is connected to");
    }

    @Test
    void shouldReachTheLiveNodeOnEveryConnectionWhicheverAddressIsTriedFirst() throws Exception {
        // the addresses are shuffled per connection: over 12 connections a dead one is tried first
        // (2 chances in 3 each time) all but certainly, and every connection still reaches the live node
        for (int i = 0; i < 12; i++) {
            try (Connection connection = connections.open("dead-node-first " + i)) {
                assertTrue(connection.isOpen());
                assertEquals(LIVE, RabbitConnections.address(connection));
            }
        }
    }
}
