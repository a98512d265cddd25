package dev.holdline.platform.batch;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Predicate;

/** How a {@link BatchWriter} is made; {@link #start} makes and starts one. */
public final class BatchWriterBuilder<T, R> {
    final String name;
    final BatchWriter.Transaction<T, R> transaction;
    int capacity = 1024;
    int maxBatch = 100;
    int threads = 1;
    Comparator<T> order;
    Predicate<Throwable> retryable = e -> false;
    Duration firstPause = Duration.ofMillis(100);
    Duration maxPause = Duration.ofSeconds(5);
    MeterRegistry meters;

    BatchWriterBuilder(String name, BatchWriter.Transaction<T, R> transaction) {
        this.name = name;
        this.transaction = transaction;
    }

    /** Items waiting at most; beyond, {@link BatchWriter#submit} is refused. */
    public BatchWriterBuilder<T, R> capacity(int capacity) {
        this.capacity = capacity;
        return this;
    }

    /** Items in one transaction at most. */
    public BatchWriterBuilder<T, R> maxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
        return this;
    }

    /** Writer threads (default 1: the largest batches); with more, give an {@link #order} against deadlocks. */
    public BatchWriterBuilder<T, R> threads(int threads) {
        this.threads = threads;
        return this;
    }

    /** The order items go in within a batch (a stable sort), e.g. the rows' key order. */
    public BatchWriterBuilder<T, R> order(Comparator<T> order) {
        this.order = order;
        return this;
    }

    /**
     * Failures to retry, whole batch, rather than fail (the database away): after {@code firstPause}, doubling
     * up to {@code maxPause}, while the writer is open.
     */
    public BatchWriterBuilder<T, R> retryWhile(Predicate<Throwable> retryable, Duration firstPause, Duration maxPause) {
        this.retryable = retryable;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
        return this;
    }

    /** Registers the writer's metrics. */
    public BatchWriterBuilder<T, R> metrics(MeterRegistry meters) {
        this.meters = meters;
        return this;
    }

    /** The writer, not started yet: items submitted wait until {@link BatchWriter#start}. */
    public BatchWriter<T, R> build() {
        if (capacity < 1 || maxBatch < 1 || threads < 1) {
            throw new IllegalArgumentException(name + ": capacity, batch and threads must be at least 1");
        }
        return new BatchWriter<>(this);
    }

    /** The writer, started. */
    public BatchWriter<T, R> start() {
        return build().start();
    }
}
