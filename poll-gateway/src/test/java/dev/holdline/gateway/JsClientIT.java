package dev.holdline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the JavaScript client's Node tests (src/test/js) against a packaged gateway. Needs Node 18+. */
class JsClientIT {

    private static final Path KEY = Path.of("../dev-only/jwt/privateKey.pem");

    @Test
    void shouldPassTheNodeTestsOfTheJavaScriptClient() throws Exception {
        HoldlineTestResource broker = new HoldlineTestResource();
        broker.init(Map.of("database", "false", "queues", "poll-gateway.events"));
        Map<String, String> config = broker.start();
        try (GatewayReplica gateway = GatewayReplica.start("js", config)) {
            Path log = Path.of("target/node-test.log");
            ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "src/test/js/"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            node.environment().putAll(Map.of("HOLDLINE_URL", gateway.url(""),
                    "ALICE_TOKEN", TestTokens.bearer(KEY, "alice").substring(7),
                    "BOB_TOKEN", TestTokens.bearer(KEY, "bob").substring(7),
                    "ADMIN_TOKEN", TestTokens.bearer(KEY, "ops", "admin").substring(7)));
            Process process = node.start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertTrue(finished, "node --test did not finish within 120 s:\n" + output);
            assertEquals(0, process.exitValue(), "node --test failed:\n" + output);
        } finally {
            broker.stop();
        }
    }
}
