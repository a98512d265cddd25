package dev.holdline.gateway.health;

import dev.holdline.gateway.messaging.StreamCatchUp;
import dev.holdline.gateway.messaging.StreamConsumer;
import dev.holdline.gateway.service.EventHub;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the stream has been read up to the moment this replica started. A broker outage afterwards does
 * not make it unready: every replica loses the same broker at once, and an unready replica set makes the Ingress
 * answer 503 for the whole web app, while polls can still be answered from the buffer (and what needs the broker
 * answers 503 with Retry-After). {@code connected} says whether the stream is being read (the consumer reconnects
 * by itself and resumes after the last offset it handled).
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
        return HealthCheckResponse.named("stream-caught-up").status(catchUp.caughtUp())
                .withData("streamOffset", hub.head()).withData("connected", consumer.connected())
                .withData("node", consumer.node()).build();
    }
}
