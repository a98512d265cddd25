package dev.holdline.gateway.health;

import dev.holdline.gateway.messaging.StreamCatchUp;
import dev.holdline.gateway.service.EventHub;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the stream has been read up to the moment this replica started. */
@Readiness
@ApplicationScoped
public class StreamReadinessCheck implements HealthCheck {

    private final StreamCatchUp catchUp;
    private final EventHub hub;

    public StreamReadinessCheck(StreamCatchUp catchUp, EventHub hub) {
        this.catchUp = catchUp;
        this.hub = hub;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stream-caught-up").status(catchUp.caughtUp())
                .withData("streamOffset", hub.head()).build();
    }
}
