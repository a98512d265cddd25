package dev.holdline.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.messaging.ConfirmedPublisher;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The platform's publisher, exercised here because this module has a Quarkus application to test with. */
@QuarkusTest
class ConfirmedPublisherTest {

    @Inject
    ConfirmedPublisher publisher;

    @Inject
    EventFactory events;

    @Inject
    MeterRegistry meters;

    private CloudEvent event() {
        return events.create(EventTypes.NOTIFICATION, "notifications", List.of(Channels.user("bob")),
                Map.of("text", "hi"));
    }

    @Test
    void shouldFailAPublishWhileTheBrokerIsAwayAndSucceedOnceItIsBack() throws Exception {
        TcpProxy broker = HoldlineTestResource.rabbitProxy();
        try (EventProbe probe = EventProbe.listen(EventTypes.NOTIFICATION)) {
            broker.cut();
            try {
                long started = System.nanoTime();
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> publisher.publish(event()).get(30, TimeUnit.SECONDS));
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10),
                        "failed within the 2 s confirm timeout plus the 3 s connect timeout, not hung: " + failed);
                assertFalse(publisher.probe());
            } finally {
                broker.restore();
            }
            CloudEvent after = event();
            publisher.publish(after).get(10, TimeUnit.SECONDS);
            probe.await(m -> after.id().equals(m.properties().getMessageId()), Duration.ofSeconds(10));
            assertTrue(publisher.probe());
        }
    }

    @Test
    void shouldCountAnEventNoQueueTakesAndStillConfirmIt() throws Exception {
        double before = meters.counter("holdline.events.unroutable", "type", EventTypes.CHAT_READ).count();
        CloudEvent nobodyListens = events.create(EventTypes.CHAT_READ, "rooms/r", List.of(Channels.room("r")),
                Map.of("room", "r", "user", "bob", "messageId", "x"));

        publisher.publish(nobodyListens).get(10, TimeUnit.SECONDS);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("holdline.events.unroutable",
                "type", EventTypes.CHAT_READ).count() > before);
    }
}
