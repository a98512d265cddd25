package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The soak run, on demand only (it restarts the machine's RabbitMQ):
 * {@code ./mvnw -pl system-tests verify -Dit.test=SoakIT -Dsoak.minutes=5} (after a build of the services).
 * Two packaged poll-gateway replicas; a sender posts chat messages to either (retrying what is refused), a
 * reader long-polls the room from its cursor on either; every 20 s a fault: one replica killed with SIGKILL and
 * started again, or RabbitMQ stopped for 5 s ({@code rabbitmqctl stop_app}, always started again). At the end
 * it prints what was sent, delivered, lost and duplicated, and fails if anything was lost or a gap was reported.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[0-9]+")
class SoakIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final java.io.File GATEWAY = new java.io.File("../poll-gateway");

    @Test
    void shouldDeliverEverySentMessageThroughRepeatedCrashesAndBrokerRestarts() throws Exception {
        long minutes = Long.parseLong(System.getProperty("soak.minutes"));
        HoldlineTestResource broker = new HoldlineTestResource();
        broker.init(Map.of("queues", "poll-gateway.events", "database", "false"));
        Map<String, String> config = new HashMap<>(broker.start());
        // its own user: the gateway believes its chat messages only from poll-gateway's (PublisherCheck)
        config.putAll(broker.rabbitUser("poll-gateway"));
        config.putAll(Map.of("quarkus.rest-client.upload-service.url", "http://127.0.0.1:9",
                "gateway.poll.max-per-user", "50", "gateway.presence.enabled", "false",
                "gateway.limits.messages-burst", "100000", "gateway.limits.messages-per-minute", "1000000"));
        AtomicReferenceArray<ServiceProcess> replicas = new AtomicReferenceArray<>(2);
        String room = "soak" + System.nanoTime();
        Chat chat = new Chat(room, TestTokens.bearer(KEY, "soaker"));
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger brokerRestarts = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        try {
            for (int i = 0; i < 2; i++) {
                replicas.set(i, ServiceProcess.start(GATEWAY, "soak-gateway-" + i, config));
            }
            Thread sender = chat.sender(n -> replicas.get(n % 2), deadline);
            Thread reader = chat.reader(n -> replicas.get(n % 2), chat.cursor(replicas.get(0)));
            sender.start();
            reader.start();
            int fault = 0;
            while (System.nanoTime() < deadline) {
                Chat.pause(20_000);
                System.out.printf("soak: fault %d at %d%n", fault, System.currentTimeMillis());
                if (fault++ % 2 == 0) {
                    int victim = fault / 2 % 2;
                    replicas.get(victim).kill();
                    kills.incrementAndGet();
                    replicas.set(victim, ServiceProcess.start(GATEWAY, "soak-gateway-" + victim + "-" + fault, config));
                } else {
                    try {
                        rabbitmqctl("stop_app");
                        Chat.pause(5_000);
                    } finally {
                        rabbitmqctl("start_app");
                    }
                    brokerRestarts.incrementAndGet();
                }
            }
            sender.join();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(chat::allDelivered);
            } catch (ConditionTimeoutException e) {
                // counted below: what did not arrive is lost
            }
            reader.interrupt();
            reader.join(10_000);
            System.out.printf("soak: %d min, %d replica kills, %d broker restarts: sent %d, delivered %d, lost %d,"
                    + " duplicated %d (same event id), gaps %d%n", minutes, kills.get(), brokerRestarts.get(),
                    chat.sent.size(), chat.delivered(), chat.lost(), chat.duplicated(), chat.gaps.get());
            chat.someLost().forEach(id -> System.out.println("soak: lost " + id));
            assertEquals(chat.sent.size(), chat.delivered(), "every message the gateway accepted was delivered");
            assertEquals(0, chat.gaps.get(), "no gap: the reader's cursor was always held");
        } finally {
            rabbitmqctl("start_app");
            for (int i = 0; i < 2; i++) {
                if (replicas.get(i) != null) {
                    replicas.get(i).close();
                }
            }
            broker.stop();
        }
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).inheritIO().start();
        process.waitFor(60, TimeUnit.SECONDS);
    }
}
