package dev.holdline.gateway.config;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;

/** Queue arguments the RabbitMQ connector has no keys for: the stream's retention. */
@ApplicationScoped
public class StreamArguments {

    @Produces
    @Identifier("poll-gateway-stream")
    Map<String, Object> streamArguments(GatewayConfig config) {
        return Map.of("x-max-age", config.stream().maxAge());
    }
}
