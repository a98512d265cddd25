package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.subscribe;
import static dev.holdline.webhooks.Webhooks.uniqueType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.holdline.webhooks.model.CircuitPolicy;
import dev.holdline.webhooks.repository.DeliveryQueue;
import dev.holdline.webhooks.repository.DeliveryQueue.Finished;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The circuit as {@link DeliveryQueue#finish} stores it on the subscription's row: what {@link CircuitPolicy}
 * computes, and no failure lost when several senders finish attempts of one subscription at once.
 */
@QuarkusTest
class CircuitStorageTest {

    private static final CircuitPolicy POLICY = new CircuitPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10));

    @Inject
    DeliveryQueue queue;

    @Inject
    AgroalDataSource dataSource;

    /** The row's circuit columns and status. */
    private record Row(int consecutiveFailures, Instant failingSince, Instant openUntil, Instant lastSuccessAt,
            String status, String disabledReason) {
    }

    @Test
    void shouldStoreTheOpenedCircuitAndClearItOnASuccess() throws Exception {
        String subscription = subscription();
        List<Finished> failures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long delivery = pendingDelivery(subscription);
            failures.add(failed(delivery, subscription, lease(delivery), false));
        }

        queue.finish(failures, POLICY);

        Row open = row(subscription);
        assertEquals(3, open.consecutiveFailures());
        assertNotNull(open.failingSince());
        assertEquals(open.failingSince().plusSeconds(30), open.openUntil(), "open for 30 s from the transaction's now");
        assertNull(open.lastSuccessAt());

        long delivery = pendingDelivery(subscription);
        queue.finish(List.of(succeeded(delivery, subscription, lease(delivery))), POLICY);

        Row closed = row(subscription);
        assertEquals(0, closed.consecutiveFailures());
        assertNull(closed.failingSince());
        assertNull(closed.openUntil());
        assertNotNull(closed.lastSuccessAt());
        assertEquals("ACTIVE", closed.status());
    }

    @Test
    void shouldDisableTheSubscriptionOnAGone() throws Exception {
        String subscription = subscription();
        long delivery = pendingDelivery(subscription);

        queue.finish(List.of(failed(delivery, subscription, lease(delivery), true)), POLICY);

        Row gone = row(subscription);
        assertEquals("DISABLED", gone.status());
        assertEquals("the endpoint answered 410 Gone", gone.disabledReason());
        assertEquals(1, gone.consecutiveFailures());
    }

    @Test
    void shouldLoseNoFailureWhenSendersFinishAtOnce() throws Exception {
        String subscription = subscription();
        int senders = 8;
        List<Finished> results = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            long delivery = pendingDelivery(subscription);
            results.add(failed(delivery, subscription, lease(delivery), false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (Finished result : results) {
                done.add(pool.submit(() -> {
                    go.await();
                    queue.finish(List.of(result), POLICY);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Row row = row(subscription);
        assertEquals(senders, row.consecutiveFailures(), "each finish counted on the latest row");
        assertNotNull(row.openUntil());
    }

    @Test
    void shouldFinishWhileIntakeHoldsTheSubscriptionsRowForItsForeignKey() throws Exception {
        // intake's insert of a delivery takes a key-share lock on the subscription's row (the foreign key) until
        // its batch commits: the circuit's lock must not wait for it (a FOR UPDATE did, and deadlocked intake
        // batches and finishing senders that took two subscriptions in opposite orders: bench/webhooks saw a p99
        // of over 1 s on healthy endpoints beside a hanging one)
        String subscription = subscription();
        long delivery = pendingDelivery(subscription);
        UUID lease = lease(delivery);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection intake = dataSource.getConnection()) {
            intake.setAutoCommit(false);
            insertPendingDelivery(intake, subscription); // uncommitted: its key-share lock is held
            Future<?> finished = pool.submit(() -> {
                queue.finish(List.of(failed(delivery, subscription, lease, false)), POLICY);
                return null;
            });
            try {
                finished.get(10, TimeUnit.SECONDS);
            } finally {
                intake.rollback();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, row(subscription).consecutiveFailures());
    }

    private static String subscription() throws Exception {
        return subscribe("http://127.0.0.1:9/circuit", List.of(uniqueType("circuit")), null).path("id").asText();
    }

    /** A delivery not due for a day, so that no sender of this app claims it. */
    private long pendingDelivery(String subscription) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return insertPendingDelivery(connection, subscription);
        }
    }

    /** Inserts an event and its delivery to {@code subscription}, not due for a day, on {@code connection}. */
    private static long insertPendingDelivery(Connection connection, String subscription) throws Exception {
        String event = "circuit-" + UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO webhook_event (id, type, occurred_at, body) VALUES (?, 'x.y', now(), '\\x7b7d')")) {
            insert.setString(1, event);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO delivery (webhook_id, event_id, subscription_id, event_type, status, next_attempt_at)
                VALUES (?, ?, ?, 'x.y', 'PENDING', now() + interval '1 day') RETURNING id""")) {
            insert.setString(1, "msg_" + event);
            insert.setString(2, event);
            insert.setString(3, subscription);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Puts the delivery under a new lease, as a claim does. */
    private UUID lease(long delivery) throws Exception {
        UUID lease = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE delivery SET lease = ? WHERE id = ?")) {
            update.setObject(1, lease);
            update.setLong(2, delivery);
            assertEquals(1, update.executeUpdate());
        }
        return lease;
    }

    private static Finished failed(long delivery, String subscription, UUID lease, boolean gone) {
        return new Finished(delivery, subscription, lease, Instant.now(), 5, false, gone ? 410 : 500, "HTTP_STATUS",
                "HTTP " + (gone ? 410 : 500), "127.0.0.1", "", gone ? null : Instant.now().plus(Duration.ofDays(1)),
                gone);
    }

    private static Finished succeeded(long delivery, String subscription, UUID lease) {
        return new Finished(delivery, subscription, lease, Instant.now(), 5, true, 200, null, null, "127.0.0.1", "",
                null, false);
    }

    private Row row(String subscription) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement("""
                SELECT consecutive_failures, failing_since, circuit_open_until, last_success_at, status, disabled_reason
                FROM subscription WHERE id = ?""")) {
            select.setString(1, subscription);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new Row(rs.getInt(1), instant(rs, 2), instant(rs, 3), instant(rs, 4), rs.getString(5),
                        rs.getString(6));
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws Exception {
        java.sql.Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
