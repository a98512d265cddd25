package dev.holdline.webhooks.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subscriptions written in configuration, created or updated at start: {@code holdline.webhooks.<name>.url}
 * ({@code HOLDLINE_WEBHOOKS_ANALYTICS_URL}), {@code .event-types}, {@code .secret}, {@code .naming},
 * {@code .description}.
 */
@ConfigMapping(prefix = "holdline.webhooks")
public interface ConfiguredSubscriptions {

    @WithParentName
    Map<String, Entry> all();

    interface Entry {
        String url();

        /** Patterns such as {@code order.*}; default every event. */
        Optional<List<String>> eventTypes();

        /** {@code whsec_...}; without one a secret is made once and kept (read it with the admin API). */
        Optional<String> secret();

        /** {@code HOLDLINE} or {@code SEED}. */
        Optional<String> naming();

        Optional<String> description();
    }
}
