package dev.holdline.platform.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * POSTs a batch of JSON v2 spans to Zipkin's span API with the JDK's HTTP client: the exporter's default sender
 * would bring OkHttp and the Kotlin runtime into every service for this one call.
 */
final class ZipkinHttpSender extends BytesMessageSender.Base {

    /** Zipkin's server takes up to 5 MiB a message; a batch of 512 spans is far below. */
    private static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    private final HttpClient http;

    ZipkinHttpSender(URI endpoint) {
        super(Encoding.JSON);
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public int messageMaxBytes() {
        return MAX_BYTES;
    }

    @Override
    public void send(List<byte[]> encodedSpans) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", encoding.mediaType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(encoding.encode(encodedSpans))).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending spans to " + endpoint, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Zipkin at " + endpoint + " answered " + response.statusCode());
        }
    }

    @Override
    public void close() {
        // the JDK client has nothing to release before Java 21
    }
}
