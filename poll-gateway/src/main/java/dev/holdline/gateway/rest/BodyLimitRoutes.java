package dev.holdline.gateway.rest;

import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.rest.BodyLimits;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The gateway's bodies are small: each POST gets its own limit ({@code gateway.body.*}), a 413 JSON error when the
 * declared length is over it, well below {@code quarkus.http.limits.max-body-size}. {@code POST /api/poll} checks its
 * own ({@link PollRoute}, which also counts the bytes of a body sent without a declared length).
 */
@Singleton
public class BodyLimitRoutes {

    void install(@Observes Router router, GatewayConfig config) {
        GatewayConfig.Body body = config.body();
        BodyLimits.limit(router, HttpMethod.POST, "/api/rooms/:room/messages", body.messageBytes(), "a chat message");
        BodyLimits.limit(router, HttpMethod.POST, "/api/notifications", body.notificationBytes(), "a notification");
        for (String path : new String[] {"/api/rooms/:room/typing", "/api/rooms/:room/read", "/api/poll/disconnect",
                "/api/dev/login"}) {
            BodyLimits.limit(router, HttpMethod.POST, path, body.otherBytes(), "this call's body");
        }
    }
}
