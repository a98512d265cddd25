package dev.holdline.platform.messaging;

import dev.holdline.platform.tracing.TraceContext;
import dev.holdline.platform.tracing.TraceHeaderNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The W3C trace context in an event's AMQP headers ({@code traceparent}, {@code tracestate}): written by
 * {@link EventMessage} for every publish, read by every consumer, so one upload or one order is one trace across
 * the services it passes through.
 */
public final class TraceHeaders {

    private TraceHeaders() {
    }

    /** Adds {@code trace}'s headers to {@code headers} (nothing when {@code trace} is null). */
    public static void write(TraceContext trace, Map<String, Object> headers) {
        if (trace != null) {
            headers.putAll(trace.headers());
        }
    }

    /**
     * The trace context a delivery's AMQP headers carry; null when they carry none (an event published before
     * tracing, or by a client that does not trace). Header values arrive as the client decodes them: a
     * {@code LongString}, a {@code byte[]} or a {@code String}.
     */
    public static TraceContext read(Map<String, ?> headers) {
        if (headers == null) {
            return null;
        }
        return TraceContext.of(text(headers.get(TraceHeaderNames.TRACEPARENT)),
                text(headers.get(TraceHeaderNames.TRACESTATE)));
    }

    /**
     * Starts the CONSUMER span {@code process <event type>} of a delivery, child of the span that published it
     * (a trace of its own when its headers carry none). The caller makes it current while it handles the event
     * ({@code try (Scope s = span.makeCurrent())}) and ends it.
     */
    public static Span startConsumer(Tracer tracer, String eventType, String queue, String messageId,
            Map<String, ?> headers) {
        TraceContext parent = read(headers);
        var builder = tracer.spanBuilder("process " + eventType).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", queue == null ? "" : queue);
        if (messageId != null) {
            builder.setAttribute("messaging.message.id", messageId);
        }
        if (parent == null) {
            builder.setNoParent();
        } else {
            builder.setParent(parent.context());
        }
        return builder.startSpan();
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes.length > TraceContext.MAX_TRACESTATE ? null : new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }
}
