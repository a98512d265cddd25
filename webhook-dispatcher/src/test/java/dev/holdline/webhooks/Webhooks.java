package dev.holdline.webhooks;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventIds;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.ReferenceWebhooks;
import dev.holdline.testing.TestTokens;
import io.restassured.http.ContentType;
import java.io.File;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** What the webhook tests share: subscribing, publishing and verifying signatures with the npm reference. */
public final class Webhooks {

    static final ObjectMapper JSON = new ObjectMapper();

    static String admin() {
        return TestTokens.bearer("ops", "admin");
    }

    /** Creates a subscription through the API; its JSON, with the secret. */
    static JsonNode subscribe(String url, List<String> eventTypes, String naming) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", url, "eventTypes", eventTypes));
        if (naming != null) {
            body.put("naming", naming);
        }
        String answer = given().header("Authorization", admin()).contentType(ContentType.JSON).body(body)
                .post("/api/webhooks/subscriptions").then().statusCode(201).extract().asString();
        return JSON.readTree(answer);
    }

    /** An event of a type of the test's own (so that other tests' subscriptions never match it). */
    static CloudEvent event(String type, Object data) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, EventIds.newId(), "webhook-test", type,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), null, null, null, "application/json",
                JSON.valueToTree(data));
    }

    /** {@code test.<prefix>.t<n>}: the dispatcher binds {@code test.#} in the test profile only. */
    static String uniqueType(String prefix) {
        return "test." + prefix + ".t" + Long.toHexString(System.nanoTime());
    }

    static JsonNode get(String path) throws Exception {
        return JSON.readTree(given().header("Authorization", admin()).get(path).then().statusCode(200).extract()
                .asString());
    }

    /** Each request's signature checked by the npm reference ({@link ReferenceWebhooks}): null when it holds. */
    static List<String> verifyWithReference(String secret, List<LoopbackHttpServer.Request> requests)
            throws Exception {
        return ReferenceWebhooks.verify(new File("src/test/js"), secret, requests);
    }

    private Webhooks() {
    }

    /** The ready messages of {@code queue} on the test broker. */
    static long ready(String queue) throws Exception {
        try (com.rabbitmq.client.Connection connection = dev.holdline.testing.TestInfra.rabbit();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** The {@code data.title} of each event {@code receiver} got on {@code /hook}, one per request. */
    static List<String> delivered(LoopbackHttpServer receiver) {
        return receiver.received().stream().filter(r -> r.path().equals("/hook")).map(r -> {
            try {
                return JSON.readTree(r.body()).path("data").path("title").asText();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }
}
