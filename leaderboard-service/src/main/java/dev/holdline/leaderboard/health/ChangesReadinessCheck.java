package dev.holdline.leaderboard.health;

import dev.holdline.leaderboard.messaging.ChangesConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when this replica hears other replicas' changes; without them its sockets and ranks would go
 * stale, so it is taken out of rotation until the broker is back (liveness is unaffected).
 */
@Readiness
@ApplicationScoped
public class ChangesReadinessCheck implements HealthCheck {

    private final ChangesConsumer changes;

    public ChangesReadinessCheck(ChangesConsumer changes) {
        this.changes = changes;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("leaderboard-changes").status(changes.connected())
                .withData("queue", changes.queue()).withData("node", changes.node()).build();
    }
}
