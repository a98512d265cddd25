package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.holdline.testing.DevEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Compose reads it ({@code docker-compose config}: no engine runs here), against the
 * services themselves: each one built from its own Dockerfile, on its own port, healthy when its readiness
 * says so, and given only settings it reads.
 */
@Tag("infra") // runs docker-compose: not in the quick lane
class ComposeTest {

    private static JsonNode compose;

    @BeforeAll
    static void render() throws Exception {
        Process process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config")
                .directory(Path.of("..").toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not end");
        assertEquals(0, process.exitValue(), "docker-compose config refused the file:\n" + output);
        compose = new YAMLMapper().readTree(output);
    }

    @Test
    void shouldRunEveryServiceTheInfrastructureAndTheProxy() {
        Set<String> expected = new TreeSet<>(ServiceSettings.SERVICES);
        expected.addAll(List.of("postgres", "rabbitmq", "rabbitmq-users", "proxy"));
        Set<String> actual = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(actual::add);
        assertEquals(expected, actual);
    }

    @Test
    void shouldBuildEachServiceFromItsDockerfileOnItsOwnPortAndWaitForItsReadiness() {
        for (String name : ServiceSettings.SERVICES) {
            JsonNode service = compose.path("services").path(name);
            ServiceSettings settings = ServiceSettings.of(name);
            String context = service.path("build").path("context").asText();
            assertTrue(context.endsWith("/" + name), name + ": built from its module, not " + context);
            assertTrue(Files.isRegularFile(Path.of("..", name, service.path("build").path("dockerfile").asText())),
                    name + ": its Dockerfile exists");
            assertTrue(Files.isRegularFile(Path.of("..", name, "src/main/docker/Dockerfile.native")),
                    name + ": the native switch has a Dockerfile");
            List<String> ports = new ArrayList<>();
            service.path("ports").forEach(p -> ports.add(p.path("target").asText(p.asText())));
            assertTrue(ports.contains(Integer.toString(settings.port)), name + " listens on " + settings.port
                    + " (quarkus.http.port), compose publishes " + ports);
            String health = service.path("healthcheck").path("test").toString();
            assertTrue(health.contains("/" + settings.port) && health.contains("/q/health/ready"),
                    name + ": healthy when its readiness on its port says so: " + health);
            assertEquals("service_completed_successfully", service.path("depends_on").path("rabbitmq-users")
                    .path("condition").asText(), name + " starts once RabbitMQ has its user");
        }
    }

    @Test
    void shouldConnectEachServiceToRabbitMqAsItsOwnUserNeverTheAdministrator() {
        JsonNode users = compose.path("services").path("rabbitmq-users");
        assertEquals("service_healthy", users.path("depends_on").path("rabbitmq").path("condition").asText());
        assertTrue(users.path("command").toString().contains("/infra/rabbitmq-users"), "k8s/base/infra/rabbitmq-users");
        String administrator = compose.path("services").path("rabbitmq").path("environment").path("RABBITMQ_DEFAULT_USER").asText();
        for (String name : ServiceSettings.SERVICES) {
            JsonNode environment = compose.path("services").path(name).path("environment");
            assertEquals(name, environment.path("RABBITMQ_USERNAME").asText(), name + " connects as its own user");
            assertEquals("dev-" + name, environment.path("RABBITMQ_PASSWORD").asText(),
                    name + ": the password rabbitmq-users gives it");
            assertTrue(!administrator.equals(environment.path("RABBITMQ_USERNAME").asText()), name);
        }
    }

    @Test
    void shouldSetOnlyVariablesTheServicesRead() {
        List<String> unread = new ArrayList<>();
        for (String name : ServiceSettings.SERVICES) {
            ServiceSettings settings = ServiceSettings.of(name);
            compose.path("services").path(name).path("environment").fieldNames().forEachRemaining(variable -> {
                if (!settings.reads(variable)) {
                    unread.add(name + ": " + variable);
                }
            });
        }
        assertEquals(List.of(), unread, "variables no service reads (a typo, or a setting that was removed)");
    }

    /**
     * Each service runs with the development settings of dev-only/env (env_file: holdline.env and its own), the
     * files scripts/local and the system tests read too: every one given, with the file's value, but where the key
     * files are mounted (the {@code *_LOCATION}s, which compose gives as its volumes have them).
     */
    @Test
    void shouldGiveEachServiceTheDevelopmentSettingsOfItsEnvFiles() {
        for (String name : ServiceSettings.SERVICES) {
            JsonNode environment = compose.path("services").path(name).path("environment");
            Map<String, String> files = DevEnvironment.of(Path.of(".."), name);
            assertTrue(files.containsKey("RABBITMQ_USERNAME"), name + ": dev-only/env/" + name + ".env");
            files.forEach((key, value) -> {
                assertTrue(environment.has(key), name + ": " + key + " of dev-only/env");
                if (!key.endsWith("_LOCATION")) {
                    assertEquals(value, environment.path(key).asText(), name + ": " + key + " as dev-only/env has it");
                }
            });
        }
    }

    @Test
    void shouldServeTheOneOriginFromTheRouteListAfterTheServicesAreHealthy() {
        JsonNode proxy = compose.path("services").path("proxy");
        assertTrue(proxy.path("volumes").toString().contains("k8s/routes"), "the proxy reads k8s/routes");
        assertTrue(proxy.path("command").toString().contains("proxy-conf"), "rendered by scripts/proxy-conf");
        assertEquals("service", proxy.path("environment").path("PROXY_UPSTREAM_HOST").asText());
        for (String routed : KubernetesTest.routes().stream().map(r -> r.service()).distinct().toList()) {
            assertEquals("service_healthy", proxy.path("depends_on").path(routed).path("condition").asText(),
                    "the proxy waits for " + routed);
        }
        assertTrue(proxy.path("ports").toString().contains("8000"), "the one origin is on port 8000");
    }

    /**
     * Caught (issue "A Kubernetes deployment that boots"): compose named its images differently from Kubernetes, and
     * its RabbitMQ had no fixed host name (its data lives under rabbit@&lt;host name&gt;) nor a volume, so recreating
     * the container lost every queue and user.
     */
    @Test
    void shouldNameImagesAsKubernetesDoesAndKeepRabbitMqsDataAcrossRecreation() throws Exception {
        var deployments = Kustomizations.of(Kustomizations.rendered().get("k8s/overlays/dev"),
                io.fabric8.kubernetes.api.model.apps.Deployment.class);
        for (String name : ServiceSettings.SERVICES) {
            String k8sImage = deployments.stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertEquals(k8sImage, compose.path("services").path(name).path("image").asText(),
                    name + ": docker compose build makes the image the dev overlay runs");
        }
        JsonNode rabbitmq = compose.path("services").path("rabbitmq");
        assertEquals("rabbitmq", rabbitmq.path("hostname").asText(), "a fixed host name");
        assertTrue(rabbitmq.path("volumes").toString().contains("/var/lib/rabbitmq"), "its data on a volume");
    }

    /** Caught: the native image of thumbnail-worker lacked the libraries AWT loads (Quarkus AWT guide). */
    @Test
    void shouldInstallAwtsLibrariesInTheNativeImageOfThumbnailWorker() throws Exception {
        String dockerfile = Files.readString(Path.of("../thumbnail-worker/src/main/docker/Dockerfile.native"));
        for (String library : List.of("freetype", "fontconfig")) {
            assertTrue(dockerfile.matches("(?s).*\\bRUN\\b[^\\n]*(\\\\\\n[^\\n]*)*\\b" + library + "\\b.*"),
                    "Dockerfile.native installs " + library);
        }
    }
}
