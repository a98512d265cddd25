package dev.holdline.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
import dev.holdline.testing.LoopbackHttpServer.Response;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import dev.holdline.testing.Uploads;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real producers, packaged, on one exchange with the dispatcher: an order placed at leaderboard-service and
 * an image uploaded to upload-service (thumbnailed by thumbnail-worker) reach a subscribed receiver, signed, as
 * {@code PURCHASE_COMPLETED} (the seeds' name, asked for by the subscription) and {@code image.completed}. The
 * dispatcher is configured the way an operator would: {@code holdline.webhooks.analytics.*}, no API call.
 */
class EndToEndIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final List<HoldlineTestResource> infra = new ArrayList<>();
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static LoopbackHttpServer receiver;
    private static ServiceProcess leaderboard;
    private static ServiceProcess upload;

    @BeforeAll
    static void start() throws Exception {
        receiver = LoopbackHttpServer.start().route("POST", "/analytics", r -> Response.json(200, Map.of()));
        Map<String, String> dispatcher = resource("webhook-dispatcher.events,thumbnail-worker.image-uploaded");
        String exchange = dispatcher.get("holdline.events.exchange");
        String suffix = dispatcher.get("holdline.events.queue-suffix");
        dispatcher.put("webhooks.require-https", "false");
        dispatcher.put("webhooks.allowed-cidrs", "127.0.0.1/32");
        dispatcher.put("holdline.webhooks.analytics.url", receiver.url() + "/analytics");
        dispatcher.put("holdline.webhooks.analytics.event-types", "order.*,image.completed");
        dispatcher.put("holdline.webhooks.analytics.naming", "SEED");
        dispatcher.put("holdline.webhooks.analytics.secret", SECRET);
        // each service as its own user on the shared exchange: consumers believe an event only from its publisher
        dispatcher.putAll(infra.get(0).rabbitUser("webhook-dispatcher"));
        services.add(ServiceProcess.start("e2e-webhook-dispatcher", dispatcher));

        Map<String, String> lb = resource("");
        lb.put("holdline.events.exchange", exchange);
        lb.putAll(infra.get(0).rabbitUser("leaderboard-service"));
        leaderboard = ServiceProcess.start(new File("../leaderboard-service"), "e2e-leaderboard-service", lb);
        services.add(leaderboard);

        Map<String, String> up = resource("");
        up.put("holdline.events.exchange", exchange);
        up.putAll(infra.get(0).rabbitUser("upload-service"));
        upload = ServiceProcess.start(new File("../upload-service"), "e2e-upload-service", up);
        services.add(upload);

        Map<String, String> worker = new HashMap<>(dispatcher);
        worker.keySet().removeIf(k -> k.startsWith("quarkus.datasource") || k.startsWith("holdline.webhooks")
                || k.startsWith("webhooks."));
        worker.put("holdline.events.queue-suffix", suffix);
        worker.put("quarkus.rest-client.upload-service.url", upload.url(""));
        worker.putAll(infra.get(0).rabbitUser("thumbnail-worker"));
        services.add(ServiceProcess.start(new File("../thumbnail-worker"), "e2e-thumbnail-worker", worker));
    }

    /** A database and broker names of a run of their own (only the dispatcher's exchange is shared). */
    private static Map<String, String> resource(String queues) {
        HoldlineTestResource resource = new HoldlineTestResource();
        resource.init(Map.of("queues", queues));
        infra.add(resource);
        return new HashMap<>(resource.start());
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess service : services) {
            service.close();
        }
        for (HoldlineTestResource resource : infra) {
            resource.stop();
        }
        if (receiver != null) {
            receiver.close();
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
        String orderId = Webhooks.JSON.readTree(order.body()).path("id").asText();
        long imageId = uploadImage();

        await().atMost(Duration.ofSeconds(60)).until(() -> received("PURCHASE_COMPLETED") != null
                && received("image.completed") != null);
        JsonNode purchase = Webhooks.JSON.readTree(received("PURCHASE_COMPLETED").body());
        assertEquals(orderId, purchase.path("data").path("orderId").asText());
        String raw = new String(received("PURCHASE_COMPLETED").body(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"total\":9.00"), "amounts arrive exactly as placed: " + raw);
        JsonNode image = Webhooks.JSON.readTree(received("image.completed").body());
        assertEquals(imageId, image.path("data").path("imageId").asLong());
        assertEquals("COMPLETED", image.path("data").path("status").asText());
        List<Request> both = List.of(received("PURCHASE_COMPLETED"), received("image.completed"));
        assertEquals(java.util.Arrays.asList(null, null), Webhooks.verifyWithReference(SECRET, both));
    }

    private static Request received(String type) {
        for (Request request : receiver.received()) {
            try {
                if (type.equals(Webhooks.JSON.readTree(request.body()).path("type").asText())) {
                    return request;
                }
            } catch (java.io.IOException ignored) {
                // not JSON: not one of ours
            }
        }
        return null;
    }

    private static long uploadImage() throws Exception {
        HttpResponse<String> answer = HTTP.send(Uploads.request(URI.create(upload.url("/api/images")),
                TestTokens.bearer(KEY, "ann", "player"), TestImages.jpeg(640, 480)), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() == 202, answer.statusCode() + " " + answer.body());
        return Webhooks.JSON.readTree(answer.body()).path("id").asLong();
    }
}
