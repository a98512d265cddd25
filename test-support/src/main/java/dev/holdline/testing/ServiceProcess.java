package dev.holdline.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This module's packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own, as
 * one more replica behind a load balancer would run: its own port and log ({@code target/<name>.log}), the
 * given settings as system properties, and started only once it reports ready.
 */
public final class ServiceProcess implements AutoCloseable {

    private final int port;
    private final int managementPort;
    private final Process process;

    private ServiceProcess(int port, int managementPort, Process process) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /**
     * Starts this module's packaged app with {@code config} (and the dev keys of dev-only/env/holdline.env: the
     * users' public key, and the service token key pair) and waits up to 60 s until ready.
     */
    public static ServiceProcess start(String name, Map<String, String> config) throws IOException {
        return start(new File("."), name, config);
    }

    /**
     * The same for another module's packaged app, run in its directory ({@code ../<module>}, built earlier in
     * the reactor); its log goes to this module's {@code target/<name>.log}.
     */
    public static ServiceProcess start(File moduleDir, String name, Map<String, String> config) throws IOException {
        return start(moduleDir, name, Map.of(), config);
    }

    /**
     * The same with {@code environment} as environment variables beside dev-only/env/holdline.env's (a service's
     * own dev-only/env file, {@link DevEnvironment}); {@code config}, as system properties, wins over both.
     */
    public static ServiceProcess start(File moduleDir, String name, Map<String, String> environment,
            Map<String, String> config) throws IOException {
        if (!new File(moduleDir, "target/quarkus-app/quarkus-run.jar").isFile()) {
            throw new IllegalStateException("no packaged app in " + moduleDir.getCanonicalPath()
                    + "/target/quarkus-app: build that module first (./mvnw package -DskipTests)");
        }
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        File log = new File("target/" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(moduleDir).redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(DevEnvironment.common(moduleDir.getCanonicalFile().toPath().getParent()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServiceProcess service = new ServiceProcess(port, managementPort, process);
        try {
            ServiceReady.await(service.url(""), Duration.ofSeconds(60), process::isAlive);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not become ready; see " + log, e);
        }
        return service;
    }

    public int port() {
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** {@code http://127.0.0.1:<management port><path>}: where {@code /q/metrics} is (quarkus.management.port). */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** As a crash: no shutdown hooks, no goodbyes. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
