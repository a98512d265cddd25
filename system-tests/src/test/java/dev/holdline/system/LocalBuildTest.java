package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When scripts/local rebuilds a service (scripts/lib/build): its packaged app is out of date once its sources, its
 * pom.xml, the parent pom.xml, or the sources or pom.xml of a module it depends on, directly or not, are newer;
 * never for a module it does not depend on. Caught (issue 26): it looked only at src/ of the service, events,
 * platform and outbox, so a BOM bump in the parent pom.xml or a change in test-support was not rebuilt.
 */
class LocalBuildTest {

    private static final Path LIBRARY = Path.of("../scripts/lib/build").toAbsolutePath();
    private static final Instant SOURCES = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant BUILT = SOURCES.plusSeconds(60);
    private static final Instant CHANGED = BUILT.plusSeconds(60);

    @TempDir
    Path root;

    @Test
    void shouldRebuildWhenTheServiceOrTheParentOrAnyModuleItDependsOnChanged() throws Exception {
        repository();
        assertEquals("fresh", stale("svc"), "nothing newer than the jar");
        for (String changed : List.of("pom.xml", "svc/pom.xml", "svc/src/main/java/Svc.java", "platform/pom.xml",
                "platform/src/main/java/Platform.java", "events/src/main/java/Events.java",
                "test-support/src/main/java/TestSupport.java", "svc/src/main/resources/application.properties")) {
            touch(changed, CHANGED);
            assertEquals("stale", stale("svc"), changed + " changed");
            touch(changed, SOURCES);
        }
        touch("other/src/main/java/Other.java", CHANGED);
        touch("other/pom.xml", CHANGED);
        assertEquals("fresh", stale("svc"), "a module svc does not depend on changed");
        Files.delete(root.resolve("svc/target/quarkus-app/quarkus-run.jar"));
        assertEquals("stale", stale("svc"), "never built");
    }

    @Test
    void shouldFindEveryModuleAServiceDependsOnInThisRepository() throws Exception {
        Set<String> dependencies = Set.of(run(Path.of("..").toAbsolutePath().normalize(),
                "module_dependencies upload-service").strip().split("\n"));
        assertEquals(Set.of("outbox", "platform", "events", "test-support"), dependencies);
    }

    /** events <- platform <- test-support; svc uses platform and test-support (test scope); other stands apart. */
    private void repository() throws IOException {
        write("pom.xml", "<modules><module>events</module><module>platform</module><module>test-support</module>"
                + "<module>svc</module><module>other</module></modules>");
        module("events", "Events", List.of());
        module("platform", "Platform", List.of("events", "jackson-databind"));
        module("test-support", "TestSupport", List.of("platform"));
        module("svc", "Svc", List.of("platform", "quarkus-rest", "test-support"));
        module("other", "Other", List.of("events"));
        write("svc/src/main/resources/application.properties", "quarkus.http.port=8081\n");
        touch("svc/src/main/resources/application.properties", SOURCES);
        write("svc/target/quarkus-app/quarkus-run.jar", "");
        touch("svc/target/quarkus-app/quarkus-run.jar", BUILT);
    }

    private void module(String name, String source, List<String> dependencies) throws IOException {
        StringBuilder pom = new StringBuilder("<project>\n  <parent><artifactId>parent</artifactId></parent>\n  <artifactId>"
                + name + "</artifactId>\n  <dependencies>\n");
        dependencies.forEach(d -> pom.append("    <dependency>\n      <artifactId>").append(d).append("</artifactId>\n    </dependency>\n"));
        write(name + "/pom.xml", pom.append("  </dependencies>\n</project>\n").toString());
        touch(name + "/pom.xml", SOURCES);
        write(name + "/src/main/java/" + source + ".java", "class " + source + " {}\n");
        touch(name + "/src/main/java/" + source + ".java", SOURCES);
        touch("pom.xml", SOURCES);
    }

    private String stale(String service) throws Exception {
        return run(root, "if build_stale " + service + "; then echo stale; else echo fresh; fi").strip();
    }

    private static String run(Path repository, String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", "set -euo pipefail; root=$1; . \"$2\"; " + script, "bash",
                repository.toString(), LIBRARY.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash did not end");
        assertEquals(0, bash.exitValue(), output);
        return output;
    }

    private void write(String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private void touch(String file, Instant when) throws IOException {
        Files.setLastModifiedTime(root.resolve(file), FileTime.from(when));
    }
}
