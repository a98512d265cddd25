package dev.holdline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Webhook signatures checked by the reference: the {@code standardwebhooks} package from npm, run by Node from
 * webhook-dispatcher's {@code src/test/js} (its {@code verify.mjs}; its dependencies installed once).
 */
public final class ReferenceWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Verifies each request's signature with {@code secret}; one result per request: null when it holds, else why
     * not. {@code dir} is webhook-dispatcher's {@code src/test/js}, seen from the test's module.
     */
    public static List<String> verify(File dir, String secret, List<LoopbackHttpServer.Request> requests)
            throws Exception {
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

    private ReferenceWebhooks() {
    }
}
