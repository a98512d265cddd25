package dev.holdline.system;

import dev.holdline.testing.DevEnvironment;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.ServiceProcess;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five packaged services as one system on the broker found through {@code TestInfra}, each with the
 * development settings scripts/local and docker-compose.yml give it (dev-only/env/&lt;service&gt;.env: the demo
 * catalogue, http webhook receivers, the gateway's dev sign-in, ...), and this run's own in their place where a run
 * differs: one run of broker names (exchange, queue suffix, users) shared by all, a database of its own for each
 * service that has one, each service connected as its own RabbitMQ user of the run, webhook receivers on loopback,
 * the gateway's image owners from upload-service's user. {@link #close()} stops the services and removes the
 * databases and broker names.
 */
final class HoldlineSystem implements AutoCloseable {

    /** Every service, in the order they start (the worker and the gateway call upload-service). */
    static final List<String> SERVICES = List.of("upload-service", "thumbnail-worker", "leaderboard-service",
            "webhook-dispatcher", "poll-gateway");
    /** Every queue the services declare that outlives them, without the run's suffix. */
    static final String QUEUES = "webhook-dispatcher.events,thumbnail-worker.image-uploaded,poll-gateway.events";

    private final List<HoldlineTestResource> infra = new ArrayList<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, List<ServiceProcess>> byName = new LinkedHashMap<>();
    private Map<String, String> broker;

    private HoldlineSystem() {
    }

    /**
     * Starts the system, each service's log in {@code target/<prefix>-<service>[-n].log}. {@code settings} adds
     * to every service's configuration (key {@code "*"}) and to one service's (its name); {@code gateways}
     * poll-gateway replicas share the stream. Whatever started is stopped again when one service fails to.
     */
    static HoldlineSystem start(String prefix, Map<String, Map<String, String>> settings, int gateways)
            throws Exception {
        HoldlineSystem system = new HoldlineSystem();
        try {
            system.startAll(prefix, settings, gateways);
            return system;
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
    }

    private void startAll(String prefix, Map<String, Map<String, String>> settings, int gateways) throws Exception {
        broker = resource(QUEUES, false);
        Map<String, String> upload = withDatabase();
        start(prefix, "upload-service", upload, settings);

        Map<String, String> worker = new HashMap<>(broker);
        worker.put("quarkus.rest-client.upload-service.url", first("upload-service").url(""));
        start(prefix, "thumbnail-worker", worker, settings);

        // (its dev-only/env file seeds the demo catalogue: the web app's test order buys skin-gold)
        start(prefix, "leaderboard-service", withDatabase(), settings);

        Map<String, String> webhooks = withDatabase();
        webhooks.put("webhooks.allowed-cidrs", "127.0.0.1/32");
        start(prefix, "webhook-dispatcher", webhooks, settings);

        Map<String, String> gateway = new HashMap<>(broker);
        gateway.put("quarkus.rest-client.upload-service.url", first("upload-service").url(""));
        // the RabbitMQ user upload-service publishes as in this run: its image events name the owner
        gateway.put("gateway.stream.image-owner-publisher", upload.get("rabbitmq-username"));
        for (int i = 0; i < gateways; i++) {
            start(prefix, "poll-gateway", gateway, settings);
        }
    }

    /** The first (or only) process of {@code service}. */
    ServiceProcess first(String service) {
        return all(service).get(0);
    }

    /** Every process of {@code service}, in the order they started. */
    List<ServiceProcess> all(String service) {
        List<ServiceProcess> started = byName.get(service);
        if (started == null) {
            throw new IllegalStateException(service + " was not started");
        }
        return started;
    }

    /** This run's suffix of queue names ({@code .t...}): a queue's name on the broker is its name plus this. */
    String queueSuffix() {
        return broker.get("holdline.events.queue-suffix");
    }

    private void start(String prefix, String name, Map<String, String> config, Map<String, Map<String, String>> settings)
            throws Exception {
        Map<String, String> all = new HashMap<>(config);
        all.putAll(settings.getOrDefault("*", Map.of()));
        all.putAll(settings.getOrDefault(name, Map.of()));
        List<ServiceProcess> started = byName.computeIfAbsent(name, n -> new ArrayList<>());
        // each replica of a service logs in as the same user of the run
        if (!config.containsKey("rabbitmq-username") || started.isEmpty()) {
            Map<String, String> user = infra.get(0).rabbitUser(name);
            config.putAll(user);
            all.putAll(user);
        }
        ServiceProcess process = ServiceProcess.start(new File("../" + name), prefix + "-" + name
                + (started.isEmpty() ? "" : "-" + started.size()), DevEnvironment.service(Path.of(".."), name), all);
        processes.add(process);
        started.add(process);
    }

    /** The broker's names of this run, with a database of the service's own. */
    private Map<String, String> withDatabase() {
        Map<String, String> config = resource("", true);
        for (String key : List.of("holdline.events.exchange", "holdline.events.queue-suffix",
                "holdline.events.user-suffix", "holdline.events.unknown-types-publisher")) {
            config.put(key, broker.get(key));
        }
        return config;
    }

    private Map<String, String> resource(String queues, boolean database) {
        HoldlineTestResource resource = new HoldlineTestResource();
        resource.init(Map.of("queues", queues, "database", Boolean.toString(database)));
        infra.add(resource);
        return new HashMap<>(resource.start());
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess process : processes) {
            process.close();
        }
        processes.clear();
        for (HoldlineTestResource resource : infra) {
            resource.stop();
        }
        infra.clear();
    }
}
