package dev.holdline.platform.batch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Group commit: items submitted while one batch commits are written together in the next, in one
 * {@link Transaction}, by the writer's own thread(s); the future of each {@link #submit} is completed with its
 * result only once that transaction has committed, and no caller's thread waits meanwhile.
 * <ul>
 * <li>Bounded: at most {@code capacity} items wait; beyond, or once closing, {@link #submit} fails at once with
 * {@link Refused} (the caller answers 503, or puts its message back).</li>
 * <li>A batch whose transaction fails completes none of its futures from it: each item is then written alone, so
 * only an item that fails alone is failed. With {@link BatchWriterBuilder#retryWhile}, a failure it matches
 * (the database away) is instead retried, the whole batch, with a pause doubling up to a maximum, for as long as
 * the writer is open: nothing is failed for that reason.</li>
 * <li>{@link #close} stops taking items and writes those already queued before the threads end.</li>
 * <li>With {@link BatchWriterBuilder#metrics}: the {@link BatchMetrics}.</li>
 * </ul>
 */
public final class BatchWriter<T, R> implements AutoCloseable {

    /** Writes a batch in one transaction and returns, once committed, one result per item in the order given. */
    @FunctionalInterface
    public interface Transaction<T, R> {
        List<R> commit(List<T> batch);

        /** A transaction with no result per item. */
        static <T> Transaction<T, Void> of(Consumer<List<T>> write) {
            return batch -> {
                write.accept(batch);
                return Collections.nCopies(batch.size(), null);
            };
        }
    }

    /** An item not taken: the queue is full, or the writer is closing. */
    public static final class Refused extends RejectedExecutionException {
        Refused(String message) {
            super(message);
        }
    }

    private record Item<T, R>(T value, CompletableFuture<R> done) {
    }

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);
    private static final Duration JOIN = Duration.ofSeconds(10);

    private final String name;
    private final Transaction<T, R> transaction;
    private final int capacity;
    private final int maxBatch;
    private final Comparator<T> order;
    private final Predicate<Throwable> retryable;
    private final Duration firstPause;
    private final Duration maxPause;
    private final ArrayDeque<Item<T, R>> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final BatchMetrics metrics;
    private boolean open = true; // guarded by lock
    private boolean started;

    BatchWriter(BatchWriterBuilder<T, R> b) {
        this.name = b.name;
        this.transaction = b.transaction;
        this.capacity = b.capacity;
        this.maxBatch = b.maxBatch;
        this.order = b.order;
        this.retryable = b.retryable;
        this.firstPause = b.firstPause;
        this.maxPause = b.maxPause;
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
        for (int i = 0; i < b.threads; i++) {
            Thread thread = new Thread(this::run, b.threads == 1 ? name : name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        this.metrics = BatchMetrics.register(b.meters, name, this::queued);
    }

    /** A writer named {@code name} (its threads, logs and metrics) committing batches with {@code transaction}. */
    public static <T, R> BatchWriterBuilder<T, R> builder(String name, Transaction<T, R> transaction) {
        return new BatchWriterBuilder<>(name, transaction);
    }

    /** Starts the writer threads; items submitted before wait for them. */
    public synchronized BatchWriter<T, R> start() {
        if (!started) {
            started = true;
            threads.forEach(Thread::start);
        }
        return this;
    }

    /** Queues {@code value}; the future completes with its result once committed (or fails when it never can be). */
    public CompletableFuture<R> submit(T value) {
        CompletableFuture<R> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (open && queue.size() < capacity) {
                queue.add(new Item<>(value, done));
                notEmpty.signal();
                return done;
            }
        } finally {
            lock.unlock();
        }
        metrics.refused();
        done.completeExceptionally(new Refused(name + " is full or closing"));
        return done;
    }

    /** Items waiting for a batch now. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        List<Item<T, R>> batch = new ArrayList<>(maxBatch);
        while (take(batch)) {
            if (order != null) {
                batch.sort(Comparator.comparing(Item::value, order)); // stable: equal items keep their order
            }
            try {
                write(batch);
            } catch (RuntimeException | Error e) { // a bug here must not end the thread with futures left open
                LOG.errorf(e, "%s: a batch could not be answered", name);
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Waits for the next batch; false once closed and drained. */
    private boolean take(List<Item<T, R>> batch) {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (!open) {
                    return false;
                }
                notEmpty.awaitUninterruptibly();
            }
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(queue.poll());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void write(List<Item<T, R>> batch) {
        long pause = firstPause.toMillis();
        while (true) {
            List<R> results;
            try {
                results = transaction.commit(batch.stream().map(Item::value).toList());
                if (results.size() != batch.size()) {
                    throw new IllegalStateException(name + ": " + results.size() + " results for a batch of "
                            + batch.size());
                }
            } catch (RuntimeException e) {
                if (retryable.test(e)) {
                    if (isClosing()) {
                        fail(batch, e);
                        return;
                    }
                    LOG.warnf("%s: the database is away (%s); retrying in %d ms", name, e.getMessage(), pause);
                    waitOrClose(pause);
                    pause = Math.min(pause * 2, maxPause.toMillis());
                } else if (batch.size() > 1) {
                    LOG.debugf("%s: a batch of %d failed (%s); writing them one by one", name, batch.size(), e);
                    for (Item<T, R> item : batch) {
                        write(List.of(item));
                    }
                    return;
                } else {
                    LOG.errorf(e, "%s: an item cannot be written", name);
                    fail(batch, e);
                    return;
                }
                continue;
            }
            metrics.committed(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(results.get(i));
            }
            return;
        }
    }

    private void fail(List<Item<T, R>> batch, Throwable error) {
        metrics.failed(batch.size());
        batch.forEach(item -> item.done().completeExceptionally(error));
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    /** The retry pause; cut short by {@link #close}. */
    private void waitOrClose(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking items and writes those already queued (waiting up to 10 s for the threads). */
    @Override
    public void close() {
        lock.lock();
        try {
            open = false;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        closing.countDown();
        if (!started) {
            start(); // what was queued before the start is written too
        }
        long deadline = System.nanoTime() + JOIN.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
