package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.room;
import static dev.holdline.gateway.GatewayCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.RecordedSpans;
import dev.holdline.testing.ServiceReady;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 28: a chat message is one trace in the gateway: the request that sent it, the publish, the stream consumer's
 * {@code process} span and the {@code deliver} span in which the held polls of its room are answered.
 */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class StreamTracingTest {

    @Inject
    RecordedSpans spans;

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    @Test
    void shouldDeliverAnEventToItsChannelsInsideTheTraceThatPublishedIt() {
        String room = room();
        send("bob", room, "traced");
        // spans are exported in batches: await them all, each assertion naming what the trace held
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            SpanData deliver = spans.named("deliver chat.message").stream().filter(s -> s.getAttributes().asMap()
                    .values().stream().anyMatch(v -> String.valueOf(v).contains("room:" + room))).findFirst()
                    .orElseThrow(() -> new AssertionError("no deliver span for room:" + room));
            List<SpanData> trace = spans.ofTrace(deliver.getTraceId());
            SpanData process = trace.stream().filter(s -> s.getName().equals("process chat.message")).findFirst()
                    .orElseThrow(() -> new AssertionError("no process span in the deliver span's trace: "
                            + names(trace)));
            assertEquals(process.getSpanId(), deliver.getParentSpanId(), "deliver is a child of process: "
                    + names(trace));
            assertEquals(SpanKind.CONSUMER, process.getKind());
            assertEquals(1, trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).count(),
                    "the request that sent the message is in the same trace: " + names(trace));
        });
    }

    private static List<String> names(List<SpanData> trace) {
        return trace.stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }
}
