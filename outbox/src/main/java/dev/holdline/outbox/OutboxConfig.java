package dev.holdline.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay's settings (HOLDLINE_OUTBOX_*); the confirm timeout is holdline.events.confirm-timeout. */
@ConfigMapping(prefix = "holdline.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent events besides being woken after each commit. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Events published per transaction. */
    @WithDefault("100")
    int batchSize();

    /** How long a sent event stays in the table before it is deleted. */
    @WithDefault("1h")
    Duration retention();
}
