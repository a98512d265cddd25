package dev.holdline.gateway.service;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.messaging.EventPublisher;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A user is online while polling, and for a grace period after the last poll ended (the gap between two
 * polls of a loop). Going online or offline is announced as {@code presence.changed} to the rooms the user
 * polls. Each replica speaks for the polls it holds.
 */
@Singleton
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    private static final class Presence {
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        int activePolls;
        long lastSeenNanos = System.nanoTime();
    }

    private final Map<String, Presence> online = new ConcurrentHashMap<>();
    private final EventPublisher publisher;
    private final Duration grace;
    private final boolean enabled;

    public PresenceService(EventPublisher publisher, GatewayConfig config) {
        this.publisher = publisher;
        this.grace = config.presence().grace();
        this.enabled = config.presence().enabled();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        if (enabled) {
            vertx.setPeriodic(Math.max(1000, grace.toMillis() / 4), timer -> expire());
        }
    }

    /** A poll by {@code user} on {@code channels} begins. */
    public void pollStarted(String user, List<String> channels) {
        if (!enabled) {
            return;
        }
        List<String> rooms = channels.stream().filter(c -> c.startsWith("room:")).toList();
        boolean[] cameOnline = { false };
        Presence presence = online.compute(user, (u, p) -> {
            Presence now = p == null ? new Presence() : p;
            cameOnline[0] = p == null;
            now.activePolls++;
            now.lastSeenNanos = System.nanoTime();
            return now;
        });
        List<String> newRooms = new ArrayList<>();
        for (String room : rooms) {
            if (presence.rooms.add(room)) {
                newRooms.add(room);
            }
        }
        if (!newRooms.isEmpty()) {
            announce(user, true, cameOnline[0] ? List.copyOf(presence.rooms) : newRooms);
        }
    }

    public void pollEnded(String user) {
        if (!enabled) {
            return;
        }
        online.computeIfPresent(user, (u, p) -> {
            p.activePolls = Math.max(0, p.activePolls - 1);
            p.lastSeenNanos = System.nanoTime();
            return p;
        });
    }

    /** The user says goodbye: offline at once. */
    public void disconnect(String user) {
        Presence presence = online.remove(user);
        if (presence != null && !presence.rooms.isEmpty()) {
            announce(user, false, List.copyOf(presence.rooms));
        }
    }

    public boolean isOnline(String user) {
        return online.containsKey(user);
    }

    private void expire() {
        long cutoff = System.nanoTime() - grace.toNanos();
        for (Map.Entry<String, Presence> entry : online.entrySet()) {
            Presence p = entry.getValue();
            if (p.activePolls == 0 && p.lastSeenNanos < cutoff && online.remove(entry.getKey(), p)
                    && !p.rooms.isEmpty()) {
                announce(entry.getKey(), false, List.copyOf(p.rooms));
            }
        }
    }

    private void announce(String user, boolean isOnline, List<String> rooms) {
        publisher.publish(CloudEvent.create("poll-gateway", EventTypes.PRESENCE_CHANGED, "users/" + user, rooms,
                Map.of("user", user, "online", isOnline)))
                .subscribe().with(e -> { }, failure -> LOG.warnf("presence of %s not announced: %s", user, failure));
    }
}
