package dev.holdline.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.NodeTests;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The npm package {@code @holdline/client} ({@code clients/js}), made of this module's
 * {@code META-INF/resources/client/holdline.js} and {@code .d.ts}: {@code npm pack}, the packed module imported by
 * name, and a typed handler compiled against the published types with TypeScript (a devDependency, installed by
 * {@code npm ci} from the lockfile). Needs Node 18+ and npm.
 */
class JsClientPackageIT {

    @Test
    void shouldPackTheClientWithTypesThatATypedHandlerCompilesAgainst() throws Exception {
        File pkg = new File("../clients/js");
        NodeTests.install(pkg, "typescript");
        String output = NodeTests.run(pkg, Map.of(), Path.of("target/client-package-test.log").toAbsolutePath(),
                Duration.ofSeconds(300), List.of("--test", "test/"));
        assertTrue(output.contains("# pass 4\n") && output.contains("# fail 0\n"), "every package test passed:\n" + output);
    }
}
