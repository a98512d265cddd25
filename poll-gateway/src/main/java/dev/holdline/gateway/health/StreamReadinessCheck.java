package dev.holdline.gateway.health;

import dev.holdline.gateway.messaging.StreamCatchUp;
import dev.holdline.gateway.messaging.StreamConsumer;
import dev.holdline.gateway.service.EventHub;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the stream has been read up to the moment this replica started, nor while the broker is away
 * (the consumer reconnects by itself and resumes after the last offset it handled).
 */
@Readiness
@ApplicationScoped
public class StreamReadinessCheck implements HealthCheck {

    private final StreamCatchUp catchUp;
    private final StreamConsumer consumer;
    private final EventHub hub;

    public StreamReadinessCheck(StreamCatchUp catchUp, StreamConsumer consumer, EventHub hub) {
        this.catchUp = catchUp;
        this.consumer = consumer;
        this.hub = hub;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stream-caught-up").status(catchUp.caughtUp() && consumer.connected())
                .withData("streamOffset", hub.head()).withData("connected", consumer.connected()).build();
    }
}
