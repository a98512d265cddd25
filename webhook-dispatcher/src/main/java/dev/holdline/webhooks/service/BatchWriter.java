package dev.holdline.webhooks.service;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Writes items in batches on a thread of its own: each {@link #submit} is completed once its batch is committed.
 * While the database is away (a connection or resource error) the batch is retried with a growing pause, so
 * nothing submitted is lost or failed for that reason; a batch that fails for its content is split, and only
 * the item that fails alone is failed. The queue is bounded: a full queue refuses at once.
 */
public final class BatchWriter<T> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private record Item<T>(T value, CompletableFuture<Void> done) {
    }

    private final String name;
    private final BlockingQueue<Item<T>> queue;
    private final int maxBatch;
    private final Consumer<List<T>> writer;
    private final Thread thread;
    private volatile boolean running = true;

    public BatchWriter(String name, int capacity, int maxBatch, Consumer<List<T>> writer) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.writer = writer;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code value}; the future completes when it is committed (or fails when it never can be). */
    public CompletableFuture<Void> submit(T value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Item<>(value, done))) {
            done.completeExceptionally(new RejectedExecutionException(name + " is full or stopping"));
        }
        return done;
    }

    private void run() {
        List<Item<T>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Item<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Item<T>> batch) throws InterruptedException {
        long pause = 100;
        while (true) {
            try {
                writer.accept(batch.stream().map(Item::value).toList());
                batch.forEach(item -> item.done().complete(null));
                return;
            } catch (RuntimeException e) {
                if (isTransient(e)) {
                    if (!running) {
                        batch.forEach(item -> item.done().completeExceptionally(e));
                        return;
                    }
                    LOG.warnf("%s: the database is away (%s); retrying in %d ms", name, e.getMessage(), pause);
                    Thread.sleep(pause); // back-off while the database is away; nothing else is waited for here
                    pause = Math.min(pause * 2, 5000);
                } else if (batch.size() > 1) {
                    for (Item<T> item : batch) {
                        write(List.of(item));
                    }
                    return;
                } else {
                    LOG.errorf(e, "%s: an item cannot be written", name);
                    batch.get(0).done().completeExceptionally(e);
                    return;
                }
            }
        }
    }

    /** A connection, resource or serialization problem (worth retrying), as opposed to bad data. */
    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40");
            }
        }
        return false;
    }

    /** Stops taking items and writes those already queued. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
