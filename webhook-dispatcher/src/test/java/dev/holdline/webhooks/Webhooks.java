package dev.holdline.webhooks;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventIds;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.NodeTests;
import dev.holdline.testing.TestTokens;
import io.restassured.http.ContentType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), null, null, "application/json",
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

    /**
     * Verifies each request's signature with the {@code standardwebhooks} package from npm, run by Node (its
     * dependencies installed once into src/test/js); one result per request: null when it holds, else why not.
     */
    static List<String> verifyWithReference(String secret, List<LoopbackHttpServer.Request> requests)
            throws Exception {
        File dir = new File("src/test/js");
        NodeTests.install(dir, "standardwebhooks");
        List<Map<String, Object>> cases = new ArrayList<>();
        for (LoopbackHttpServer.Request request : requests) {
            cases.add(Map.of("secret", secret, "body", Base64.getEncoder().encodeToString(request.body()),
                    "headers", Map.of("webhook-id", request.header("webhook-id"),
                            "webhook-timestamp", request.header("webhook-timestamp"),
                            "webhook-signature", request.header("webhook-signature"))));
        }
        Path input = Files.createTempFile("webhooks", ".json");
        try {
            Files.write(input, JSON.writeValueAsBytes(cases));
            String output = run(dir, "node", "verify.mjs", input.toString());
            List<String> results = new ArrayList<>();
            for (JsonNode result : JSON.readTree(output)) {
                results.add(result.path("ok").asBoolean() ? null : result.path("error").asText());
            }
            return results;
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static String run(File dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
        }
        return new String(out);
    }

    private Webhooks() {
    }
}
