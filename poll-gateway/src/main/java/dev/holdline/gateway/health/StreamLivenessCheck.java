package dev.holdline.gateway.health;

import dev.holdline.gateway.messaging.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when the stream was deleted under this replica: its cursors are void and a restart is the way out.
 * A broker outage is not a reason (that is readiness).
 */
@Liveness
@ApplicationScoped
public class StreamLivenessCheck implements HealthCheck {

    private final StreamConsumer consumer;

    public StreamLivenessCheck(StreamConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stream-intact").status(consumer.streamIntact()).build();
    }
}
