package dev.holdline.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A W3C trace context (<a href="https://www.w3.org/TR/trace-context/">traceparent and tracestate</a>) as text: what
 * an AMQP message's headers carry and what a database row keeps (the outbox's, a webhook delivery's), so that work
 * done later, on another thread or in another service, continues the trace that caused it.
 *
 * @param traceparent {@code 00-<trace id>-<span id>-<flags>}
 * @param tracestate vendor data, or null (dropped when longer than {@value #MAX_TRACESTATE} characters, as the
 *        specification allows)
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The longest traceparent taken: version 00 is 55 characters, a later version may append fields. */
    public static final int MAX_TRACEPARENT = 128;
    /** The longest tracestate kept (the column's width). */
    public static final int MAX_TRACESTATE = 512;

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TraceHeaderNames.TRACEPARENT, TraceHeaderNames.TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case TraceHeaderNames.TRACEPARENT -> carrier.traceparent;
                case TraceHeaderNames.TRACESTATE -> carrier.tracestate;
                default -> null;
            };
        }
    };

    /** The context of the span current on this thread; null when there is none. */
    public static TraceContext current() {
        return of(Context.current());
    }

    /** The trace context of {@code context}'s span; null when it has no valid span. */
    public static TraceContext of(Context context) {
        if (context == null || !Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(context, carrier, Map::put);
        return of(carrier.get(TraceHeaderNames.TRACEPARENT), carrier.get(TraceHeaderNames.TRACESTATE));
    }

    /**
     * A trace context read from outside (headers, a row); null when there is no traceparent or it is too long to
     * be one. Whether it is well formed is checked by {@link #context()}, which ignores one that is not.
     */
    public static TraceContext of(String traceparent, String tracestate) {
        if (traceparent == null || traceparent.isBlank() || traceparent.length() > MAX_TRACEPARENT) {
            return null;
        }
        boolean keepState = tracestate != null && !tracestate.isBlank() && tracestate.length() <= MAX_TRACESTATE;
        return new TraceContext(traceparent, keepState ? tracestate : null);
    }

    /** The trace id (32 hex digits) this context continues, or null when the traceparent is not well formed. */
    public String traceId() {
        var span = Span.fromContext(context()).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /**
     * An OpenTelemetry context whose (remote) span is this one, to start a child span from; the root context when
     * the traceparent is not well formed, so that what follows starts a trace of its own.
     */
    public Context context() {
        return W3C.extract(Context.root(), this, GETTER);
    }

    /** Both as headers: {@code traceparent}, and {@code tracestate} when there is one. */
    public Map<String, Object> headers() {
        Map<String, Object> headers = new HashMap<>(4);
        headers.put(TraceHeaderNames.TRACEPARENT, traceparent);
        if (tracestate != null) {
            headers.put(TraceHeaderNames.TRACESTATE, tracestate);
        }
        return headers;
    }
}
