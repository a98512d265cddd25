package dev.holdline.gateway;

import dev.holdline.testing.ServiceProcess;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One packaged poll-gateway running as its own process ({@link ServiceProcess}), as a replica behind a load
 * balancer would: no upload-service behind it (image owners come from events), presence off unless asked for,
 * room for many polls per user. Its log is {@code target/replica-<name>.log}.
 */
final class GatewayReplica implements AutoCloseable {

    final String name;
    private final ServiceProcess process;

    private GatewayReplica(String name, ServiceProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Starts the packaged gateway with {@code config} (which may override the defaults above) once ready. */
    static GatewayReplica start(String name, Map<String, String> config) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of("quarkus.rest-client.upload-service.url",
                "http://127.0.0.1:9", "gateway.poll.max-per-user", "50", "gateway.presence.enabled", "false",
                "gateway.stream.image-owner-publisher",
                "upload-service" + System.getProperty("holdline.test.user-suffix", "")));
        settings.putAll(config);
        return new GatewayReplica(name, ServiceProcess.start("replica-" + name, settings));
    }

    String url(String path) {
        return process.url(path);
    }

    /** As a crash: no shutdown hooks, no goodbyes. */
    void kill() throws InterruptedException {
        process.kill();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
