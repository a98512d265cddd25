package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.NodeTests;
import dev.holdline.testing.TestTokens;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the JavaScript client's Node tests (poll-gateway's src/test/js) against the packaged services
 * ({@link HoldlineSystem}, the one {@link SharedSystem}: the gateway and leaderboard-service among them) on one
 * broker. Needs Node 18+ (20+ for the WebSocket tests).
 */
@ExtendWith(SharedSystem.class)
class JsClientIT {

    private static final Path KEY = TestTokens.USERS_KEY;

    @Test
    void shouldPassTheNodeTestsOfTheJavaScriptClient(SharedSystem.Running shared) throws Exception {
        // the shared gateway has room for many polls per user (the test files run at once as alice); its presence
        // events on a room are among what a client gets, and the tests count only the events they look for
        HoldlineSystem system = shared.system();
        List<String> arguments = new ArrayList<>();
        if (!hasWebSocket()) {
            arguments.add("--experimental-websocket"); // Node 20 and 21
        }
        arguments.addAll(List.of("--test", "src/test/js/"));
        String output = NodeTests.run(new File("../poll-gateway"), Map.of(
                "HOLDLINE_URL", system.first("poll-gateway").url(""),
                "LEADERBOARD_URL", system.first("leaderboard-service").url(""),
                "ALICE_TOKEN", TestTokens.bearer(KEY, "alice").substring(7),
                "BOB_TOKEN", TestTokens.bearer(KEY, "bob").substring(7),
                "ADMIN_TOKEN", TestTokens.bearer(KEY, "ops", "admin").substring(7)),
                Path.of("target/node-test.log"), Duration.ofSeconds(180), arguments);
        assertTrue(output.contains("# skipped 0"), "every Node test ran (none skipped for want of a server):\n"
                + output);
    }

    private static boolean hasWebSocket() throws Exception {
        Process probe = new ProcessBuilder("node", "-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)")
                .start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
