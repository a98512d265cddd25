package dev.holdline.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Prometheus scrape of the running {@code @QuarkusTest}'s service: {@code /q/metrics} on its management
 * interface (a port of its own, quarkus.management.port; a free one in tests), not on its HTTP port.
 */
public final class ServiceMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The whole scrape, in Prometheus' text format: one {@code name{labels} value} per sample, without the
     * exemplars ({@code # {span_id=..,trace_id=..} ..}) that follow a sample's value since quarkus-opentelemetry is
     * in (a sample taken in a trace links to it).
     */
    public static String scrape() {
        // the management URI ends with its root path, /q
        URI metrics = URI.create(TestHTTPResourceManager.getManagementUri().replaceAll("/+$", "") + "/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(metrics + " answered " + response.statusCode());
            }
            return response.body().replaceAll("(?m)^([^#\\n][^\\n]*?) # \\{[^\\n]*$", "$1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ServiceMetrics() {
    }
}
