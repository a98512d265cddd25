package dev.holdline.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The spans a service under {@code @QuarkusTest} finished, in memory, for tests that follow a trace: inject it. A
 * CDI {@link SpanExporter}, which Quarkus's {@code cdi} span exporter sends every finished span to (in batches:
 * the test profile exports every 100 ms, so await them). Keeps the last {@value #MAX} only.
 */
@Singleton
public class RecordedSpans implements SpanExporter {

    static final int MAX = 20_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> finished) {
        for (SpanData span : finished) {
            spans.addLast(span);
            if (size.incrementAndGet() > MAX && spans.pollFirst() != null) {
                size.decrementAndGet();
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    /** Every span kept, oldest first. */
    public List<SpanData> all() {
        return List.copyOf(spans);
    }

    /** The spans named {@code name}, oldest first. */
    public List<SpanData> named(String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    /** The spans of trace {@code traceId}, oldest first. */
    public List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
