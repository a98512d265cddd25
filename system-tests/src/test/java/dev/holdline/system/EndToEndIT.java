package dev.holdline.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.testing.ReferenceWebhooks;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import dev.holdline.testing.Uploads;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real producers, packaged ({@link HoldlineSystem}), on one exchange with the dispatcher: an order placed at leaderboard-service and
 * an image uploaded to upload-service (thumbnailed by thumbnail-worker) reach a subscribed receiver, signed, as
 * {@code PURCHASE_COMPLETED} (the seeds' name, asked for by the subscription) and {@code image.completed}. The
 * dispatcher is configured the way an operator would: {@code holdline.webhooks.analytics.*}, no API call.
 */
class EndToEndIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static LoopbackHttpServer receiver;
    private static HoldlineSystem system;
    private static ServiceProcess leaderboard;
    private static ServiceProcess upload;

    @BeforeAll
    static void start() throws Exception {
        receiver = LoopbackHttpServer.start().route("POST", "/analytics", r -> Response.json(200, Map.of()));
        system = HoldlineSystem.start("e2e", Map.of("webhook-dispatcher", Map.of(
                "holdline.webhooks.analytics.url", receiver.url() + "/analytics",
                "holdline.webhooks.analytics.event-types", "order.*,image.completed",
                "holdline.webhooks.analytics.naming", "SEED",
                "holdline.webhooks.analytics.secret", SECRET)), 1);
        leaderboard = system.first("leaderboard-service");
        upload = system.first("upload-service");
    }

    @AfterAll
    static void stop() throws Exception {
        try (LoopbackHttpServer hooks = receiver; HoldlineSystem started = system) {
            // both closed, the services first; either may be null when start() failed
        }
    }

    @Test
    void shouldDeliverAnOrderAndAFinishedImageFromTheRealProducers() throws Exception {
        // the catalogue prices the order: an admin sets the sword's price, ann names the sku and a quantity
        HttpResponse<String> item = HTTP.send(HttpRequest.newBuilder(URI.create(leaderboard.url("/api/catalogue/sword")))
                .header("Authorization", TestTokens.bearer(KEY, "ops", "admin"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Sword\",\"prices\":{\"EUR\":\"4.50\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(item.statusCode() == 201 || item.statusCode() == 200, item.body());
        HttpResponse<String> order = HTTP.send(HttpRequest.newBuilder(URI.create(leaderboard.url("/api/orders")))
                .header("Authorization", TestTokens.bearer(KEY, "ann", "player"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"EUR\",\"items\":[{\"sku\":\"sword\","
                        + "\"quantity\":2}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, order.statusCode(), order.body());
        String orderId = JSON.readTree(order.body()).path("id").asText();
        long imageId = uploadImage();

        await().atMost(Duration.ofSeconds(60)).until(() -> received("PURCHASE_COMPLETED") != null
                && received("image.completed") != null);
        JsonNode purchase = JSON.readTree(received("PURCHASE_COMPLETED").body());
        assertEquals(orderId, purchase.path("data").path("orderId").asText());
        String raw = new String(received("PURCHASE_COMPLETED").body(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"total\":9.00"), "amounts arrive exactly as placed: " + raw);
        JsonNode image = JSON.readTree(received("image.completed").body());
        assertEquals(imageId, image.path("data").path("imageId").asLong());
        assertEquals("COMPLETED", image.path("data").path("status").asText());
        List<Request> both = List.of(received("PURCHASE_COMPLETED"), received("image.completed"));
        assertEquals(Arrays.asList(null, null), ReferenceWebhooks.verify(new File("../webhook-dispatcher/src/test/js"), SECRET, both));
    }

    private static Request received(String type) {
        for (Request request : receiver.received()) {
            try {
                if (type.equals(JSON.readTree(request.body()).path("type").asText())) {
                    return request;
                }
            } catch (IOException ignored) {
                // not JSON: not one of ours
            }
        }
        return null;
    }

    private static long uploadImage() throws Exception {
        HttpResponse<String> answer = HTTP.send(Uploads.request(URI.create(upload.url("/api/images")),
                TestTokens.bearer(KEY, "ann", "player"), TestImages.jpeg(640, 480)), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() == 202, answer.statusCode() + " " + answer.body());
        return JSON.readTree(answer.body()).path("id").asLong();
    }
}
