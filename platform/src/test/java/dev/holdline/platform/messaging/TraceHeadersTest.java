package dev.holdline.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.LongStringHelper;
import dev.holdline.platform.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    private static Context spanOf(TraceFlags flags, TraceState state) {
        return Context.root().with(Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, flags, state)));
    }

    @Test
    void shouldWriteTheW3cTraceparentAndTracestateOfTheSpan() {
        Map<String, Object> headers = new HashMap<>();
        TraceHeaders.write(TraceContext.of(spanOf(TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "value").build())), headers);

        assertEquals("00-" + TRACE_ID + "-" + SPAN_ID + "-01", headers.get("traceparent"));
        assertEquals("vendor=value", headers.get("tracestate"));
    }

    @Test
    void shouldReadBackTheSameSpanContextFromAmqpHeaderValues() {
        // the RabbitMQ client hands header strings to consumers as LongString
        Map<String, Object> delivered = Map.of(
                "traceparent", LongStringHelper.asLongString("00-" + TRACE_ID + "-" + SPAN_ID + "-01"),
                "tracestate", LongStringHelper.asLongString("vendor=value"));

        SpanContext parent = Span.fromContext(TraceHeaders.read(delivered).context()).getSpanContext();

        assertTrue(parent.isValid());
        assertTrue(parent.isRemote(), "the parent is the publisher's span, in another process");
        assertEquals(TRACE_ID, parent.getTraceId());
        assertEquals(SPAN_ID, parent.getSpanId());
        assertTrue(parent.isSampled());
        assertEquals("value", parent.getTraceState().get("vendor"));
    }

    @Test
    void shouldCarryAnUnsampledDecisionSoTheConsumerDoesNotSampleEither() {
        Map<String, Object> headers = new HashMap<>();
        TraceHeaders.write(TraceContext.of(spanOf(TraceFlags.getDefault(), TraceState.getDefault())), headers);

        assertEquals("00-" + TRACE_ID + "-" + SPAN_ID + "-00", headers.get("traceparent"));
        assertFalse(headers.containsKey("tracestate"), "no empty tracestate header");
        assertFalse(Span.fromContext(TraceHeaders.read(headers).context()).getSpanContext().isSampled());
    }

    @Test
    void shouldReadBytesHeadersToo() {
        Map<String, Object> headers = Map.of("traceparent",
                ("00-" + TRACE_ID + "-" + SPAN_ID + "-01").getBytes(StandardCharsets.UTF_8));

        assertEquals(TRACE_ID, TraceHeaders.read(headers).traceId());
    }

    @Test
    void shouldFindNoTraceWhereTheHeadersCarryNone() {
        assertNull(TraceHeaders.read(null));
        assertNull(TraceHeaders.read(Map.of("x-stream-offset", 7L)));
        assertNull(TraceContext.of(Context.root()), "no span, nothing to write");
        Map<String, Object> headers = new HashMap<>();
        TraceHeaders.write(null, headers);
        assertTrue(headers.isEmpty());
    }

    @Test
    void shouldStartAFreshTraceFromAMalformedTraceparent() {
        TraceContext forged = TraceHeaders.read(Map.of("traceparent", "00-not-a-trace-01"));

        assertNull(forged.traceId());
        assertFalse(Span.fromContext(forged.context()).getSpanContext().isValid());
        assertNull(TraceHeaders.read(Map.of("traceparent", "0".repeat(TraceContext.MAX_TRACEPARENT + 1))),
                "an over-long header is not taken");
    }

    @Test
    void shouldDropATracestateLongerThanTheSpecificationKeeps() {
        TraceContext trace = TraceContext.of("00-" + TRACE_ID + "-" + SPAN_ID + "-01",
                "v=" + "x".repeat(TraceContext.MAX_TRACESTATE));

        assertNull(trace.tracestate());
        assertEquals(TRACE_ID, trace.traceId());
    }

    @Test
    void shouldPutTheTraceHeadersOnEveryEventMessageThatContinuesATrace() {
        TraceContext trace = TraceContext.of(spanOf(TraceFlags.getSampled(), TraceState.getDefault()));
        EventMessage message = EventMessage.of("01J", "chat.message", Instant.parse("2026-01-01T00:00:00Z"), "{}",
                trace);

        Map<String, Object> headers = message.properties("svc", "svc").getHeaders();

        assertEquals(trace.traceparent(), headers.get("traceparent"));
        assertNull(message.withTrace(null).properties("svc", "svc").getHeaders(), "no trace, no headers");
    }
}
