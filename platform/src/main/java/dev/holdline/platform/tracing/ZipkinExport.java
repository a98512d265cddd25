package dev.holdline.platform.tracing;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The export to Zipkin, as one more {@link SpanProcessor} bean: Quarkus' OpenTelemetry extension adds every
 * {@code SpanProcessor} bean to the tracer provider next to its own OTLP processor, so both can be on. (A
 * {@code SpanExporter} bean would not do: the extension turns its OTLP export off when it finds one.)
 *
 * <p>Spans wait in the batch processor's queue (at most 2048; more are dropped, never held) and leave every 5 s or
 * 512 at a time; while Zipkin is away a batch fails, is logged and dropped, and the service goes on.
 */
@Singleton
public class ZipkinExport {

    private static final Logger LOG = Logger.getLogger(ZipkinExport.class);

    @Produces
    @Singleton
    SpanProcessor zipkin(ZipkinConfig config) {
        if (config.zipkinEndpoint().isEmpty()) {
            return SpanProcessor.composite(); // nothing to do for any span
        }
        String endpoint = config.zipkinEndpoint().get().toString();
        LOG.infof("traces: also exported to Zipkin at %s", endpoint);
        ZipkinSpanExporter exporter = ZipkinSpanExporter.builder().setEndpoint(endpoint)
                .setSender(new ZipkinHttpSender(config.zipkinEndpoint().get()))
                .setMeterProvider(MeterProvider.noop()).build();
        return BatchSpanProcessor.builder(exporter).build();
    }
}
