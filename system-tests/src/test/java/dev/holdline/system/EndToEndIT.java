package dev.holdline.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real producers, packaged ({@link HoldlineSystem}, the one {@link SharedSystem}), on one exchange with the
 * dispatcher: an order placed at leaderboard-service and an image uploaded to upload-service (thumbnailed by
 * thumbnail-worker) reach a subscribed receiver, signed, as {@code PURCHASE_COMPLETED} (the seeds' name, asked for by
 * the subscription) and {@code image.completed}. The dispatcher is configured the way an operator would:
 * {@code holdline.webhooks.analytics.*} (SharedSystem's settings), no API call.
 */
@ExtendWith(SharedSystem.class)
class EndToEndIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = SharedSystem.ANALYTICS_SECRET;
    private static LoopbackHttpServer receiver;
    private static ServiceProcess leaderboard;
    private static ServiceProcess upload;

    @BeforeAll
    static void start(SharedSystem.Running shared) {
        receiver = shared.analytics();
        leaderboard = shared.system().first("leaderboard-service");
        upload = shared.system().first("upload-service");
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

        // the receiver gets the orders and images of the other tests on the shared system too: the wait is for the
        // ones with this order's and this image's id
        await().atMost(Duration.ofSeconds(60)).until(() -> received("PURCHASE_COMPLETED", "orderId", orderId) != null
                && received("image.completed", "imageId", Long.toString(imageId)) != null);
        Request purchase = received("PURCHASE_COMPLETED", "orderId", orderId);
        String raw = new String(purchase.body(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"total\":9.00"), "amounts arrive exactly as placed: " + raw);
        Request finished = received("image.completed", "imageId", Long.toString(imageId));
        JsonNode image = JSON.readTree(finished.body());
        assertEquals("COMPLETED", image.path("data").path("status").asText());
        List<Request> both = List.of(purchase, finished);
        assertEquals(Arrays.asList(null, null), ReferenceWebhooks.verify(new File("../webhook-dispatcher/src/test/js"), SECRET, both));
    }

    /** The first request of {@code type} whose data's {@code field} is {@code value}, or null. */
    private static Request received(String type, String field, String value) {
        for (Request request : receiver.received()) {
            try {
                JsonNode event = JSON.readTree(request.body());
                if (type.equals(event.path("type").asText()) && value.equals(event.path("data").path(field).asText())) {
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
