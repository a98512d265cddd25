package dev.holdline.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A request of under 1 KB is answered with a few KB at most and never makes the service allocate megabytes: numbers
 * are bounded while they are read, error messages never echo an unbounded value (issue 24's order, verbatim).
 */
@QuarkusTest
class RequestCostTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The unbounded answer printed the number: 20 million characters, several times over. */
    private static final long MAX_ALLOCATED = 16L * 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Authorization", TestTokens.bearer("costly")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bytes allocated by every live thread of this JVM (the service runs in it) so far. */
    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    private static void assertSmallJsonError(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " " + response.body());
        assertTrue(response.body().length() <= 4096, "an answer of " + response.body().length() + " characters");
        JsonNode error = JSON.readTree(response.body());
        assertTrue(error.hasNonNull("error") && error.hasNonNull("detail"), response.body());
    }

    @Test
    void shouldAnswerAnOrderPricedAt1EMinus20000000WithASmallJsonErrorWithoutAllocatingMegabytes() throws Exception {
        String order = "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1E-20000000}]}";
        post("/api/orders", order); // the first call loads classes: not what is measured

        long before = allocatedByAllThreads();
        HttpResponse<String> response = post("/api/orders", order);
        long allocated = allocatedByAllThreads() - before;

        assertSmallJsonError(response);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("unitPrice"), response.body());
        assertTrue(allocated < MAX_ALLOCATED, "the request allocated " + allocated + " bytes");
    }

    @Test
    void shouldAnswerNumbersOfExtremeExponentWithSmallJsonErrors() throws Exception {
        for (String number : new String[] {"1E-150000000", "1E+20000000", "-1E+20000000", "1" + "0".repeat(500)}) {
            assertSmallJsonError(post("/api/orders", "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":"
                    + number + ",\"unitPrice\":" + number + "}]}"));
            assertSmallJsonError(post("/api/leaderboards/global/scores", "{\"score\":" + number + "}"));
        }
    }

    @Test
    void shouldAnswerFourOrdersAtOncePricedAt1EMinus150000000WithSmallJsonErrors() throws Exception {
        // issue 24: four such requests at once threw three OutOfMemoryErrors (each answered 500)
        String order = "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1E-150000000}]}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> post("/api/orders", order)));
            }
            for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertSmallJsonError(response);
                assertEquals(400, response.statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
