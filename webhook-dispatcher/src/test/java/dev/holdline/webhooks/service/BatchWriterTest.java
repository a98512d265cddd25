package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: the intake must not fail (and so put back, burning RabbitMQ's delivery limit) events it could not
 * store because PostgreSQL is away; it holds them and retries until the database is back.
 */
class BatchWriterTest {

    private static RuntimeException databaseAway() {
        return new IllegalStateException("could not prepare statement",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
    }

    @Test
    void shouldHoldItemsWhileTheDatabaseIsAwayAndCommitThemOnceItIsBack() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<String> written = new CopyOnWriteArrayList<>();
        try (BatchWriter<String> writer = new BatchWriter<>("test-intake", 16, 16, batch -> {
            if (attempts.incrementAndGet() <= 4) {
                throw databaseAway(); // 100 + 200 + 400 + 800 ms of outage
            }
            written.addAll(batch);
        })) {
            List<CompletableFuture<Void>> done = List.of(writer.submit("a"), writer.submit("b"), writer.submit("c"));

            for (CompletableFuture<Void> future : done) {
                future.get(20, TimeUnit.SECONDS); // throws if any was failed (and so would have been put back)
            }
            assertEquals(List.of("a", "b", "c"), written.stream().sorted().toList());
            assertTrue(attempts.get() >= 5, "the outage was retried: " + attempts.get() + " attempts");
        }
    }

    @Test
    void shouldFailOnlyTheItemThatCannotBeWrittenForItsContent() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        try (BatchWriter<String> writer = new BatchWriter<>("test-intake", 16, 16, batch -> {
            if (batch.contains("bad")) {
                throw new IllegalStateException(new SQLException("duplicate key", "23505"));
            }
            written.addAll(batch);
        })) {
            CompletableFuture<Void> good = writer.submit("good");
            CompletableFuture<Void> bad = writer.submit("bad");
            CompletableFuture<Void> other = writer.submit("other");

            good.get(10, TimeUnit.SECONDS);
            other.get(10, TimeUnit.SECONDS);
            assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
            assertFalse(written.contains("bad"));
        }
    }

    @Test
    void shouldTellADatabaseAwayFromBadData() {
        assertTrue(BatchWriter.isTransient(databaseAway()));
        assertTrue(BatchWriter.isTransient(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(BatchWriter.isTransient(new RuntimeException(new SQLException("starting up", "57P03"))));
        assertFalse(BatchWriter.isTransient(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertFalse(BatchWriter.isTransient(new IllegalArgumentException("a bug")));
    }
}
