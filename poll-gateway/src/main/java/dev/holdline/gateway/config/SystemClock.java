package dev.holdline.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock the gateway reads the time from (buffer ages, presence grace, replica heartbeats): the system's, in
 * UTC. Injected rather than read from {@code System} so that unit tests can move time themselves.
 */
@ApplicationScoped
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
