package dev.holdline.platform.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

    /** Commits a batch unless {@code failsFor} says otherwise; a failed batch leaves nothing (a rollback). */
    private static final class FakeTransaction implements BatchWriter.Transaction<String, String> {
        final List<List<String>> committed = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        private final Predicate<List<String>> failsFor;
        private final RuntimeException failure;

        FakeTransaction(Predicate<List<String>> failsFor, RuntimeException failure) {
            this.failsFor = failsFor;
            this.failure = failure;
        }

        FakeTransaction() {
            this(batch -> false, null);
        }

        @Override
        public List<String> commit(List<String> batch) {
            attempts.incrementAndGet();
            if (failsFor.test(batch)) {
                throw failure;
            }
            committed.add(batch);
            return batch.stream().map(item -> "stored " + item).toList();
        }
    }

    private static RuntimeException badData() {
        return new IllegalStateException(new SQLException("duplicate key", "23505"));
    }

    private static RuntimeException databaseAway() {
        return new IllegalStateException("could not prepare statement",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
    }

    private static <R> R get(CompletableFuture<R> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldWriteTheItemsQueuedMeanwhileInOneTransactionAndAnswerEachWithItsResult() throws Exception {
        FakeTransaction tx = new FakeTransaction();
        try (BatchWriter<String, String> writer = BatchWriter.builder("test", tx).maxBatch(3).build()) {
            List<CompletableFuture<String>> done = List.of("a", "b", "c", "d").stream().map(writer::submit).toList();
            assertFalse(done.get(0).isDone(), "not answered before its transaction committed");

            writer.start();

            assertEquals(List.of("stored a", "stored b", "stored c", "stored d"),
                    done.stream().map(f -> f.join()).toList());
            assertEquals(List.of(List.of("a", "b", "c"), List.of("d")), tx.committed);
        }
    }

    @Test
    void shouldPutEachBatchInTheGivenOrderKeepingEqualItemsInTheirs() throws Exception {
        FakeTransaction tx = new FakeTransaction();
        try (BatchWriter<String, String> writer = BatchWriter.builder("test", tx)
                .order(Comparator.comparing((String s) -> s.charAt(0))).build()) {
            List<CompletableFuture<String>> done = List.of("b1", "a1", "b2", "a2").stream().map(writer::submit)
                    .toList();
            writer.start();

            assertEquals("stored b1", get(done.get(0)));
            assertEquals(List.of(List.of("a1", "a2", "b1", "b2")), tx.committed);
        }
    }

    @Test
    void shouldFailEveryFutureOfABatchWhoseTransactionFails() throws Exception {
        RuntimeException failure = badData();
        FakeTransaction tx = new FakeTransaction(batch -> true, failure);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (BatchWriter<String, String> writer = BatchWriter.builder("test", tx).metrics(meters).build()) {
            List<CompletableFuture<String>> done = List.of("a", "b", "c").stream().map(writer::submit).toList();
            writer.start();

            for (CompletableFuture<String> future : done) {
                ExecutionException thrown = assertThrows(ExecutionException.class, () -> get(future));
                assertSame(failure, thrown.getCause());
            }
            assertTrue(tx.committed.isEmpty());
            assertEquals(3, meters.counter("holdline.batch.failed", "writer", "test").count());
        }
    }

    @Test
    void shouldAnswerNothingFromAFailedTransactionAndFailOnlyTheItemThatFailsAlone() throws Exception {
        FakeTransaction tx = new FakeTransaction(batch -> batch.contains("bad"), badData());
        try (BatchWriter<String, String> writer = BatchWriter.builder("test", tx).build()) {
            CompletableFuture<String> good = writer.submit("good");
            CompletableFuture<String> bad = writer.submit("bad");
            CompletableFuture<String> other = writer.submit("other");
            writer.start();

            assertEquals("stored good", get(good));
            assertEquals("stored other", get(other));
            assertThrows(ExecutionException.class, () -> get(bad));
            assertEquals(List.of(List.of("good"), List.of("other")), tx.committed, "each written again alone");
        }
    }

    @Test
    void shouldRefuseAnItemBeyondTheBoundAtOnce() throws Exception {
        FakeTransaction tx = new FakeTransaction();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (BatchWriter<String, String> writer = BatchWriter.builder("test", tx).capacity(2).metrics(meters)
                .build()) {
            CompletableFuture<String> first = writer.submit("a");
            writer.submit("b");
            CompletableFuture<String> third = writer.submit("c");

            assertTrue(third.isCompletedExceptionally());
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> get(third));
            assertInstanceOf(BatchWriter.Refused.class, thrown.getCause());
            assertEquals(2, writer.queued());
            assertEquals(2.0, meters.get("holdline.batch.queued").gauge().value());
            assertEquals(1, meters.counter("holdline.batch.refused", "writer", "test").count());

            writer.start();
            assertEquals("stored a", get(first));
        }
    }

    @Test
    void shouldWriteWhatIsQueuedOnCloseAndRefuseWhatComesAfter() throws Exception {
        FakeTransaction tx = new FakeTransaction();
        BatchWriter<String, String> writer = BatchWriter.builder("test", tx).maxBatch(2).threads(2).build();
        List<CompletableFuture<String>> done = List.of("a", "b", "c", "d", "e").stream().map(writer::submit)
                .toList();

        writer.close();

        done.forEach(future -> assertTrue(future.isDone() && !future.isCompletedExceptionally()));
        assertEquals(5, tx.committed.stream().mapToInt(List::size).sum());
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> get(writer.submit("late")));
        assertInstanceOf(BatchWriter.Refused.class, thrown.getCause());
    }

    @Test
    void shouldHoldItemsWhileTheDatabaseIsAwayAndCommitThemOnceItIsBack() throws Exception {
        AtomicInteger outage = new AtomicInteger(4);
        FakeTransaction tx = new FakeTransaction(batch -> outage.getAndDecrement() > 0, databaseAway());
        try (BatchWriter<String, String> writer = BatchWriter.builder("test", tx)
                .retryWhile(DatabaseErrors::isTransient, Duration.ofMillis(1), Duration.ofMillis(4)).build()) {
            List<CompletableFuture<String>> done = List.of("a", "b", "c").stream().map(writer::submit).toList();
            writer.start();

            for (CompletableFuture<String> future : done) {
                get(future); // throws if any was failed (and so would have been put back)
            }
            assertEquals(List.of(List.of("a", "b", "c")), tx.committed, "the whole batch, retried");
            assertEquals(5, tx.attempts.get());
        }
    }

    @Test
    void shouldFailTheItemsHeldForAnAwayDatabaseOnClose() throws Exception {
        FakeTransaction tx = new FakeTransaction(batch -> true, databaseAway());
        BatchWriter<String, String> writer = BatchWriter.builder("test", tx)
                .retryWhile(DatabaseErrors::isTransient, Duration.ofMinutes(1), Duration.ofMinutes(1)).start();
        CompletableFuture<String> held = writer.submit("a");

        writer.close(); // cuts the minute's pause short

        assertThrows(ExecutionException.class, () -> get(held));
    }

    @Test
    void shouldTellADatabaseAwayFromBadData() {
        assertTrue(DatabaseErrors.isTransient(databaseAway()));
        assertTrue(DatabaseErrors.isTransient(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseErrors.isTransient(new RuntimeException(new SQLException("starting up", "57P03"))));
        assertFalse(DatabaseErrors.isTransient(badData()));
        assertFalse(DatabaseErrors.isTransient(new IllegalArgumentException("a bug")));
    }
}
