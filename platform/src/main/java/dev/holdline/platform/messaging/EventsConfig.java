package dev.holdline.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where events travel. Tests give each run its own exchange and queue suffix, so that runs sharing a
 * broker never see each other's messages; in production both keep their defaults.
 */
@ConfigMapping(prefix = "holdline.events")
public interface EventsConfig {

    /** The durable topic exchange every event is published to. */
    @WithDefault(dev.holdline.events.Exchanges.EVENTS)
    String exchange();

    /** Appended to every queue name this service declares; absent in production. */
    Optional<String> queueSuffix();

    /** How long a publish waits for the broker's confirm before it counts as failed. */
    @WithDefault("5s")
    Duration confirmTimeout();
}
