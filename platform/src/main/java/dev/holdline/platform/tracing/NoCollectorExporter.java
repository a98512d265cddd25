package dev.holdline.platform.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Where spans go when no OTLP collector is configured: nowhere. Spans are still made, so log lines carry their
 * trace and span ids and the trace context still travels in HTTP and AMQP headers, but nothing is sent.
 *
 * <p>Quarkus installs its OTLP exporter only when no {@link SpanExporter} bean is active, and points it at
 * {@code localhost:4317} when no endpoint is set, which logs a refused connection every few seconds where there is
 * no collector. This bean is active exactly when neither {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} nor
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set (or is set to the default {@value #DEFAULT_ENDPOINT}),
 * which takes the OTLP exporter out; setting either endpoint makes it inactive and the OTLP exporter sends there.
 */
@Singleton
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.endpoint", stringValue = NoCollectorExporter.DEFAULT_ENDPOINT,
        lookupIfMissing = true)
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = NoCollectorExporter.DEFAULT_ENDPOINT,
        lookupIfMissing = true)
public class NoCollectorExporter implements SpanExporter {

    /** Quarkus's default OTLP endpoint, what the property reads when nobody set it. */
    static final String DEFAULT_ENDPOINT = "http://localhost:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
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
