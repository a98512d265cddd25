package dev.holdline.gateway.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind this replica reads the stream (replicas read the same stream: one far behind the others is stuck
 * or slow): {@code holdline_gateway_stream_lag_seconds}, the age of the last event it handled, for a minute, then 0
 * (a quiet stream is not a late one); {@code holdline_gateway_stream_offset}, the offset it reached; and
 * {@code holdline_gateway_stream_gaps_total}, the times the stream's retention dropped offsets before it read them.
 * A singleton, so that the gauges are there from the start (the consumer is created at start).
 */
@Singleton
public class StreamMetrics {

    private final Clock clock;
    private volatile long offset = -1;
    private final AtomicLong lagMillis = new AtomicLong();
    private volatile long lagSetAt;
    private final Counter gaps;

    public StreamMetrics(MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        metrics.gauge("holdline.gateway.stream.lag.seconds", this, StreamMetrics::lagSeconds);
        metrics.gauge("holdline.gateway.stream.offset", this, m -> m.offset);
        this.gaps = Counter.builder("holdline.gateway.stream.gaps")
                .description("Times the stream's retention dropped offsets before this replica read them")
                .register(metrics);
    }

    /** An event said at {@code saidAt} (epoch ms) was handled now. */
    void handled(long saidAt) {
        lagMillis.set(Math.max(0, clock.millis() - saidAt));
        lagSetAt = clock.millis();
    }

    /** The delivery at {@code offset} was handled. */
    void reached(long offset) {
        this.offset = offset;
    }

    /** The stream's retention dropped offsets before this replica read them. */
    void gap() {
        gaps.increment();
    }

    /** The age of the events handled in the last minute (the last one's), else 0; in seconds. */
    double lagSeconds() {
        return clock.millis() - lagSetAt > 60_000 ? 0 : lagMillis.get() / 1000.0;
    }
}
