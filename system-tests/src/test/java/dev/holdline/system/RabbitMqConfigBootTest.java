package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker's configuration booted for real: rabbitmq.conf and enabled_plugins exactly as the rendered
 * StatefulSet's ConfigMap holds them, with only the peer discovery swapped for a single local node (the
 * {@code cluster_formation.k8s.*} keys need a Kubernetes API) and the listeners moved to free ports, start a
 * RabbitMQ node of its own (Debian's rabbitmq-server; the machine's broker is not touched). A key RabbitMQ does
 * not know makes the node refuse to boot, and a plugin it does not have is not running: either fails this test.
 * Tried once by hand: {@code no_such_key = 1} in the ConfigMap failed the boot ("unknown key"), as did the plugin
 * {@code rabbitmq_no_such_plugin}. The local three-node cluster ({@code scripts/lib/rabbitmq-cluster}, issue 27)
 * runs the same ConfigMap's rabbitmq.conf and plugins, with the same peer discovery keys left out (and logs in
 * files), so {@code scripts/local up --rabbitmq-cluster} and the cluster soak boot what this test boots.
 */
@Tag("infra") // boots a RabbitMQ node of its own: not in the quick lane
class RabbitMqConfigBootTest {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");

    @Test
    void shouldBootALocalNodeFromTheStatefulSetsConfiguration() throws Exception {
        assertTrue(Files.isExecutable(SERVER), "Debian's rabbitmq-server package (scripts/local infra installs it)");
        ConfigMap config = Kustomizations.of(Kustomizations.rendered().get("k8s/base"), ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("rabbitmq-config")).findFirst().orElseThrow();
        String random = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String node = "holdline-k8scheck-" + random + "@localhost";
        Path base = Path.of("target", "rabbitmq-k8scheck-" + random).toAbsolutePath();
        Path home = base.resolve("home");
        Files.createDirectories(home);
        int amqp = freePort();
        int dist = freePort();
        int management = freePort();
        int prometheus = freePort();
        Files.writeString(base.resolve("rabbitmq.conf"), localConfig(config.getData().get("rabbitmq.conf"), amqp,
                management, prometheus));
        Files.writeString(base.resolve("enabled_plugins"), config.getData().get("enabled_plugins"));
        Path cookie = home.resolve(".erlang.cookie");
        Files.writeString(cookie, "HOLDLINEK8SCHECK" + random.toUpperCase());
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
        Map<String, String> env = Map.of("HOME", home.toString(), "RABBITMQ_NODENAME", node,
                "RABBITMQ_NODE_PORT", Integer.toString(amqp), "RABBITMQ_DIST_PORT", Integer.toString(dist),
                "RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq.conf").toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString(),
                "RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", base.resolve("log").toString());
        ProcessBuilder start = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
                .redirectOutput(base.resolve("server.out").toFile());
        start.environment().putAll(env);
        Process server = start.start();
        try {
            // await_startup returns at once while the node has not registered yet: asked again until it did
            Awaitility.await("node " + node + " booted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        assertTrue(server.isAlive(), "the node refused its configuration and exited:\n"
                                + Files.readString(base.resolve("server.out")));
                        return !ctl(env, 30, "-n", node, "await_startup", "--timeout", "20").startsWith("exit ");
                    });
            String active = ctl(env, 60, "-n", node, "eval", "rabbit_plugins:active().");
            for (String plugin : plugins(config.getData().get("enabled_plugins"))) {
                assertTrue(active.contains(plugin), plugin + " is not running: " + active);
            }
            String watermark = ctl(env, 60, "-n", node, "eval",
                    "application:get_env(rabbit, vm_memory_high_watermark).");
            assertTrue(watermark.contains("absolute"), "the absolute memory watermark is in force: " + watermark);
        } finally {
            ctl(env, 60, "-n", node, "shutdown");
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            delete(base);
        }
    }

    /**
     * The StatefulSet's rabbitmq.conf for one local node: its peer discovery (Kubernetes API) becomes the classic
     * one with no peers, and the listeners go to the given ports so that the machine's own broker is not disturbed.
     * Every other key is kept as it is.
     */
    static String localConfig(String kubernetesConfig, int amqp, int management, int prometheus) {
        List<String> lines = new ArrayList<>();
        for (String line : kubernetesConfig.split("\n")) {
            String key = line.split("=")[0].strip();
            if (key.startsWith("cluster_formation.k8s.") || key.equals("cluster_formation.peer_discovery_backend")) {
                continue;
            }
            lines.add(line);
        }
        lines.add("cluster_formation.peer_discovery_backend = classic_config");
        lines.add("listeners.tcp.default = " + amqp);
        lines.add("management.tcp.port = " + management);
        lines.add("prometheus.tcp.port = " + prometheus);
        return String.join("\n", lines) + "\n";
    }

    private static List<String> plugins(String enabledPlugins) {
        String list = enabledPlugins.strip().replaceAll("^\\[|\\]\\.$", "");
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String ctl(Map<String, String> env, int seconds, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(CTL.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                path.toFile().setWritable(true);
                Files.deleteIfExists(path);
            }
        }
    }
}
