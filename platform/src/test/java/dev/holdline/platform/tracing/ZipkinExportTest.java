package dev.holdline.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZipkinExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private HttpServer zipkin;

    @BeforeEach
    void startZipkin() throws Exception {
        zipkin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        zipkin.createContext("/api/v2/spans", exchange -> {
            try (exchange) {
                posted.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                        + " " + new String(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(202, -1);
            }
        });
        zipkin.start();
    }

    @AfterEach
    void stopZipkin() {
        zipkin.stop(0);
    }

    @Test
    void shouldPostSpansAsZipkinJsonV2ToTheEndpoint() throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + zipkin.getAddress().getPort() + "/api/v2/spans");
        SdkTracerProvider provider = provider(new ZipkinExport().zipkin(() -> Optional.of(endpoint)));
        Tracer tracer = provider.get("test");
        Span parent = tracer.spanBuilder("POST /api/images").startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            tracer.spanBuilder("publish image.uploaded").startSpan().end();
        } finally {
            parent.end();
        }
        provider.forceFlush().join(10, TimeUnit.SECONDS);

        assertEquals(1, posted.size(), "one batch: " + posted);
        String[] request = posted.get(0).split(" ", 3);
        assertEquals("POST", request[0]);
        assertEquals("application/json", request[1]);
        JsonNode spans = JSON.readTree(request[2]);
        assertEquals(2, spans.size(), request[2]);
        JsonNode child = spans.get(0);
        JsonNode root = spans.get(1);
        assertEquals("publish image.uploaded", child.path("name").asText());
        assertEquals(parent.getSpanContext().getTraceId(), root.path("traceId").asText());
        assertEquals(root.path("traceId").asText(), child.path("traceId").asText());
        assertEquals(root.path("id").asText(), child.path("parentId").asText());
        assertEquals("upload-service", root.path("localEndpoint").path("serviceName").asText());
        assertTrue(root.path("timestamp").asLong() > 0 && root.path("duration").asLong() >= 0, request[2]);
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldSendNothingWhenNoEndpointIsSet() {
        SpanProcessor processor = new ZipkinExport().zipkin(Optional::empty);
        SdkTracerProvider provider = provider(processor);
        provider.get("test").spanBuilder("GET /api/images").startSpan().end();
        provider.forceFlush().join(10, TimeUnit.SECONDS);

        assertEquals(List.of(), posted);
        assertTrue(!processor.isStartRequired() && !processor.isEndRequired(), "a processor that looks at no span");
    }

    private static SdkTracerProvider provider(SpanProcessor processor) {
        return SdkTracerProvider.builder().addSpanProcessor(processor)
                .setResource(Resource.create(io.opentelemetry.api.common.Attributes.of(
                        AttributeKey.stringKey("service.name"), "upload-service")))
                .build();
    }
}
