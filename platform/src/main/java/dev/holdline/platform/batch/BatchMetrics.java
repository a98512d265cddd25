package dev.holdline.platform.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/**
 * A {@link BatchWriter}'s meters, tagged {@code writer=<name>}: {@code holdline.batch.queued} (gauge),
 * {@code holdline.batch.size} (items per committed transaction), {@code holdline.batch.refused} and
 * {@code holdline.batch.failed} (items). Without a registry, nothing is counted.
 */
final class BatchMetrics {

    static final BatchMetrics NONE = new BatchMetrics(null, null, null);

    private final Counter refused;
    private final Counter failed;
    private final DistributionSummary sizes;

    private BatchMetrics(Counter refused, Counter failed, DistributionSummary sizes) {
        this.refused = refused;
        this.failed = failed;
        this.sizes = sizes;
    }

    static BatchMetrics register(MeterRegistry meters, String writer, IntSupplier queued) {
        if (meters == null) {
            return NONE;
        }
        // held strongly: the supplier is a lambda, which a weak reference would let be collected
        Gauge.builder("holdline.batch.queued", queued, IntSupplier::getAsInt).strongReference(true)
                .tag("writer", writer).description("Items waiting for their batch").register(meters);
        return new BatchMetrics(
                Counter.builder("holdline.batch.refused").tag("writer", writer)
                        .description("Items refused: the queue was full or the writer closing").register(meters),
                Counter.builder("holdline.batch.failed").tag("writer", writer)
                        .description("Items that could not be written").register(meters),
                DistributionSummary.builder("holdline.batch.size").tag("writer", writer)
                        .description("Items per committed transaction").register(meters));
    }

    void refused() {
        if (refused != null) {
            refused.increment();
        }
    }

    void failed(int items) {
        if (failed != null) {
            failed.increment(items);
        }
    }

    void committed(int items) {
        if (sizes != null) {
            sizes.record(items);
        }
    }
}
