package dev.holdline.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local three-node RabbitMQ cluster of {@code scripts/lib/rabbitmq-cluster}, driven from a test: its own node
 * names, ports and state directory, so that it runs beside the machine's broker and beside a cluster that
 * {@code scripts/local up --rabbitmq-cluster} started. The test's broker settings ({@code TestInfra}) point at node
 * 1 (the failsafe execution that runs the cluster tests sets them); the services get every node's address.
 */
final class RabbitCluster implements AutoCloseable {

    private static final File SCRIPT = new File("../scripts/lib/rabbitmq-cluster");
    private final String name;
    private final int basePort;
    private final File state;
    private final Thread stopAtExit = new Thread(this::down, "rabbitmq-cluster-down");

    private RabbitCluster(String name, int basePort, File state) {
        this.name = name;
        this.basePort = basePort;
        this.state = state;
    }

    /**
     * Starts (and joins) the three nodes {@code <name>1..3@localhost} on AMQP ports {@code basePort+1..3}, with the
     * users and names of {@code rabbitmq-users}, on an empty {@code state} directory; stopped by {@link #close()}, or when the JVM exits before.
     */
    static RabbitCluster up(String name, int basePort, File state) throws IOException, InterruptedException {
        RabbitCluster cluster = new RabbitCluster(name, basePort, state);
        Runtime.getRuntime().addShutdownHook(cluster.stopAtExit);
        try {
            // a fresh cluster each run: nodes a killed run left are stopped, their data removed
            cluster.run(300, "down");
            deleteTree(state.toPath());
            cluster.run(300, "up");
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** {@code 127.0.0.1:<port>,...}: the services' {@code rabbitmq-addresses}. */
    String addresses() {
        return "127.0.0.1:" + (basePort + 1) + ",127.0.0.1:" + (basePort + 2) + ",127.0.0.1:" + (basePort + 3);
    }

    String node(int number) {
        return name + number + "@localhost";
    }

    /** The number (1-3) of the node leading {@code queue} (a quorum queue or a stream). */
    int leader(String queue) throws IOException, InterruptedException {
        return Integer.parseInt(run(60, "leader", queue).trim());
    }

    /** SIGKILL of node {@code number}'s beam process: a crash, the others learn it from the lost connection. */
    void kill(int number) throws IOException, InterruptedException {
        run(60, "kill", Integer.toString(number));
    }

    /** Starts node {@code number} again and waits until it has booted and rejoined. */
    void start(int number) throws IOException, InterruptedException {
        run(300, "start", Integer.toString(number));
    }

    /** How many nodes the cluster counts as running. */
    int running() throws IOException, InterruptedException {
        return Integer.parseInt(run(60, "running").trim());
    }

    /** {@code rabbitmqctl} against node {@code number}: its output. */
    String ctl(int number, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ctl", Integer.toString(number)));
        command.addAll(List.of(args));
        return run(60, command.toArray(String[]::new));
    }

    private static void deleteTree(java.nio.file.Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    private String run(int seconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.getPath()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(Map.of("CLUSTER_NAME", name, "CLUSTER_PORT", Integer.toString(basePort),
                "CLUSTER_STATE", state.getAbsolutePath()));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("rabbitmq-cluster " + String.join(" ", args) + " took over " + seconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmq-cluster " + String.join(" ", args) + " failed ("
                    + process.exitValue() + "): " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private void down() {
        try {
            run(300, "down");
        } catch (Exception e) {
            System.err.println("could not stop the RabbitMQ cluster " + name + ": " + e);
        }
    }

    /** Stops exactly this cluster's three nodes. */
    @Override
    public void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the hook runs already
        }
    }
}
