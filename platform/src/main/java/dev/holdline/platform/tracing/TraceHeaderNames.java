package dev.holdline.platform.tracing;

/** The W3C trace context's header names, as HTTP and AMQP messages carry them. */
public final class TraceHeaderNames {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private TraceHeaderNames() {
    }
}
