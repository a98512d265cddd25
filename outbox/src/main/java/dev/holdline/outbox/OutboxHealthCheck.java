package dev.holdline.outbox;

import dev.holdline.platform.messaging.ConfirmedPublisher;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * RabbitMQ as the outbox relay sees it, with the number of events waiting. A wellness check, not a
 * readiness one, on purpose: a service's writes must keep working while the broker is away (the outbox
 * holds their events), so an unreachable broker must not take this service out of its Kubernetes Service.
 */
@Wellness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final ConfirmedPublisher publisher;
    private final OutboxRelay relay;

    public OutboxHealthCheck(ConfirmedPublisher publisher, OutboxRelay relay) {
        this.publisher = publisher;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = publisher.probe();
        return HealthCheckResponse.named("rabbitmq-outbox").status(up)
                .withData("unsentEvents", relay.unsentCount()).withData("node", publisher.node()).build();
    }
}
