package dev.holdline.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.NodeTests;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestTokens;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the JavaScript client's Node tests (src/test/js) against a packaged gateway and a packaged
 * leaderboard-service (built before this module) on one broker. Needs Node 18+ (20+ for the WebSocket tests).
 */
class JsClientIT {

    private static final Path KEY = TestTokens.USERS_KEY;

    @Test
    void shouldPassTheNodeTestsOfTheJavaScriptClient() throws Exception {
        HoldlineTestResource broker = new HoldlineTestResource();
        // each service connects as its own user of this run: a consumer believes an event only from its publisher
        broker.init(Map.of("queues", "poll-gateway.events", "rabbitUser", "poll-gateway"));
        Map<String, String> config = broker.start();
        Map<String, String> leaderboardConfig = new java.util.HashMap<>(config);
        leaderboardConfig.putAll(broker.rabbitUser("leaderboard-service"));
        try (GatewayReplica gateway = GatewayReplica.start("js", config);
                ServiceProcess leaderboard = ServiceProcess.start(new File("../leaderboard-service"),
                        "js-leaderboard", leaderboardConfig)) {
            List<String> arguments = new ArrayList<>();
            if (!hasWebSocket()) {
                arguments.add("--experimental-websocket"); // Node 20 and 21
            }
            arguments.addAll(List.of("--test", "src/test/js/"));
            String output = NodeTests.run(new File("."), Map.of("HOLDLINE_URL", gateway.url(""),
                    "LEADERBOARD_URL", leaderboard.url(""),
                    "ALICE_TOKEN", TestTokens.bearer(KEY, "alice").substring(7),
                    "BOB_TOKEN", TestTokens.bearer(KEY, "bob").substring(7),
                    "ADMIN_TOKEN", TestTokens.bearer(KEY, "ops", "admin").substring(7)),
                    Path.of("target/node-test.log"), Duration.ofSeconds(180), arguments);
            assertTrue(output.contains("# skipped 0"), "every Node test ran (none skipped for want of a server):\n"
                    + output);
        } finally {
            broker.stop();
        }
    }

    private static boolean hasWebSocket() throws Exception {
        Process probe = new ProcessBuilder("node", "-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)")
                .start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
