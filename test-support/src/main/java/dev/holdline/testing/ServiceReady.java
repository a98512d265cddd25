package dev.holdline.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * Waits until a service reports ready on {@code /q/health/ready}: connected, and caught up where that is part
 * of readiness (poll-gateway's stream). Tests wait for this instead of sleeping.
 */
public final class ServiceReady {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The service of the running {@code @QuarkusTest}, within 30 s. */
    public static void await() {
        await(TestHTTPResourceManager.getUri(), Duration.ofSeconds(30), () -> true);
    }

    /**
     * The service at {@code baseUrl}, within {@code timeout}; {@code alive} is asked on every try, so that a
     * process that exited fails the wait at once instead of at the timeout.
     */
    public static void await(String baseUrl, Duration timeout, BooleanSupplier alive) {
        URI ready = URI.create(baseUrl.replaceAll("/+$", "") + "/q/health/ready");
        Awaitility.await(ready + " ready").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(baseUrl + " is gone");
            }
            return isReady(ready);
        });
    }

    private static boolean isReady(URI ready) {
        try {
            return HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ServiceReady() {
    }
}
