package dev.holdline.gateway;

import dev.holdline.testing.ServiceReady;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One packaged poll-gateway running as its own process, as a replica behind a load balancer would. */
final class GatewayReplica implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;

    private GatewayReplica(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts the packaged app with {@code config} as system properties and waits until it is ready. */
    static GatewayReplica start(String name, Map<String, String> config) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java", "-Xmx256m", "-Dquarkus.http.port=" + port,
                "-Dholdline.identity.dev-keys-allowed=true",
                "-Dmp.jwt.verify.publickey.location=../dev-only/jwt/publicKey.pem",
                "-Dquarkus.rest-client.upload-service.url=http://127.0.0.1:9",
                "-Dgateway.poll.max-per-user=50", "-Dgateway.presence.enabled=false"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/replica-" + name + ".log")).start();
        GatewayReplica replica = new GatewayReplica(name, port, process);
        try {
            ServiceReady.await(replica.url(""), Duration.ofSeconds(60), process::isAlive);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("replica " + name + " exited; see target/replica-" + name + ".log", e);
        }
        return replica;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** As a crash: no shutdown hooks, no goodbyes. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
