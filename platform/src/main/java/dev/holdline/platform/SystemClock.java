package dev.holdline.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The clock every service reads the time from: the system's, in UTC. Injected rather than read from
 * {@code System}, so that a test can move time (normal-scoped, so {@code QuarkusMock} can replace it).
 */
@ApplicationScoped
public class SystemClock {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
