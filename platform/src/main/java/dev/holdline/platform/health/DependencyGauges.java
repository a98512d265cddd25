package dev.holdline.platform.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code holdline_dependency_up{dependency="postgresql|rabbitmq"}}: 1 while this service reaches the dependency,
 * 0 while it does not, as its own health checks say (readiness, and the outbox's wellness check: the outbox keeps
 * upload-service ready through a broker outage). Read every {@link #EVERY_SECONDS} s off the request threads, so a
 * scrape never waits for a database check. A service exports only the dependencies it has a check for.
 */
@ApplicationScoped
public class DependencyGauges {

    static final int EVERY_SECONDS = 10;
    /**
     * Which health check speaks for which dependency, by the check's name; the value is the check's data key that
     * says it instead of its status (poll-gateway stays ready through a broker outage: its data says
     * {@code connected}), or empty for its status.
     */
    static final Map<String, Map.Entry<String, String>> CHECKS = Map.of(
            "Database connections health check", Map.entry("postgresql", ""),
            "SmallRye Reactive Messaging - readiness check", Map.entry("rabbitmq", ""),
            "rabbitmq-outbox", Map.entry("rabbitmq", ""),
            "leaderboard-changes", Map.entry("rabbitmq", ""),
            "stream-caught-up", Map.entry("rabbitmq", "connected"));
    private static final Logger LOG = Logger.getLogger(DependencyGauges.class);

    private final SmallRyeHealthReporter health;
    private final MeterRegistry meters;
    /** One per dependency seen in a check: a handful, fixed by {@link #CHECKS}. */
    private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dependency-gauges");
        thread.setDaemon(true);
        return thread;
    });

    public DependencyGauges(SmallRyeHealthReporter health, MeterRegistry meters) {
        this.health = health;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::refresh, 0, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    void refresh() {
        try {
            Map<String, Boolean> now = new LinkedHashMap<>(dependencies(health.getReadiness().getPayload()));
            dependencies(health.getWellness().getPayload()).forEach((name, ok) -> now.merge(name, ok, Boolean::logicalAnd));
            now.forEach((name, ok) -> up.computeIfAbsent(name, this::register).set(ok ? 1 : 0));
        } catch (RuntimeException e) {
            LOG.debugf("health not read this time: %s", e.toString());
        }
    }

    private AtomicInteger register(String dependency) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder("holdline.dependency.up", value, AtomicInteger::get).tag("dependency", dependency)
                .description("1 while this service reaches the dependency (its health checks), else 0")
                .register(meters);
        return value;
    }

    /** The dependencies named by the checks of one health answer ({@code {"checks":[{name,status,data}]}}), up or not. */
    static Map<String, Boolean> dependencies(JsonObject payload) {
        Map<String, Boolean> found = new LinkedHashMap<>();
        for (JsonValue value : payload.getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            Map.Entry<String, String> speaksFor = CHECKS.get(check.getString("name", ""));
            if (speaksFor == null) {
                continue;
            }
            boolean ok;
            if (speaksFor.getValue().isEmpty()) {
                ok = "UP".equals(check.getString("status", "DOWN"));
            } else {
                JsonObject data = check.containsKey("data") ? check.getJsonObject("data") : null;
                JsonValue said = data == null ? null : data.get(speaksFor.getValue());
                ok = said != null && said.getValueType() == JsonValue.ValueType.TRUE; // by type: providers differ
            }
            found.merge(speaksFor.getKey(), ok, Boolean::logicalAnd);
        }
        return found;
    }
}
