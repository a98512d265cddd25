package dev.holdline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Node.js from the JUnit tests: installing a test folder's npm packages, and running its {@code node --test}. */
public final class NodeTests {

    /** {@code npm ci} in {@code dir} unless {@code node_modules/<module>} is there already. */
    public static void install(File dir, String module) throws Exception {
        if (new File(dir, "node_modules/" + module).isDirectory()) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + dir);
        }
    }

    /**
     * Runs {@code node <arguments>} in {@code dir} with {@code environment} added, its output in {@code log},
     * and asserts that it ended within {@code timeout} with exit code 0. Answers the output (also printed).
     */
    public static String run(File dir, Map<String, String> environment, Path log, Duration timeout,
            List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("node"));
        command.addAll(arguments);
        ProcessBuilder node = new ProcessBuilder(command).directory(dir).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().putAll(environment);
        Process process = node.start();
        boolean ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(ended, String.join(" ", command) + " did not end within " + timeout + ":\n" + output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    private NodeTests() {
    }
}
