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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A user is online while polling, and for a grace period after the last poll ended (the gap between two
 * polls of a loop). Going online or offline is announced as {@code presence.changed} to the rooms the user
 * polls.
 *
 * <p>Across replicas (no sticky sessions: a user's polls may land on any of them) the stream decides who
 * speaks. Every replica reads every {@code presence.changed}, and remembers for each user the last word and
 * which replica said it ({@code data.replica}). A replica that starts serving a user who is already online
 * does not announce it again but <em>claims</em> the user: the same event without channels, read by the
 * replicas and never delivered to clients. When a replica's grace runs out it announces the user offline only
 * if the last word is its own; otherwise the user is still online elsewhere and it forgets them silently. A
 * replica that keeps serving a user whom another replica claimed claims them back, at most once per half
 * grace period, so that the last replica to see the user is the one to say they left.
 */
@Singleton
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    private static final class Presence {
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        int activePolls;
        long lastSeenNanos = System.nanoTime();
    }

    /** The last word on a user read from the stream (or just said by this replica). */
    private record Word(boolean online, String replica, long atNanos) {
    }

    private final Map<String, Presence> online = new ConcurrentHashMap<>();
    private final Map<String, Word> lastWord = new ConcurrentHashMap<>();
    private final String replica = UUID.randomUUID().toString();
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
        Word word = lastWord.get(user);
        boolean onlineElsewhere = word != null && word.online() && !replica.equals(word.replica());
        if (cameOnline[0] && onlineElsewhere) {
            announce(user, true, List.of()); // a claim: replicas read it, clients never see it
        } else if (!newRooms.isEmpty()) {
            announce(user, true, cameOnline[0] ? List.copyOf(presence.rooms) : newRooms);
        }
    }

    /**
     * A {@code presence.changed} read from the stream, this replica's own included; {@code delivered}: it had
     * channels, so clients saw it.
     */
    public void observed(String user, boolean isOnline, String speaker, boolean delivered) {
        if (!enabled || user == null || speaker == null) {
            return;
        }
        lastWord.put(user, new Word(isOnline, speaker, System.nanoTime()));
        if (!isOnline && !replica.equals(speaker)) {
            // gone, said elsewhere: a later poll here is a return. A disconnect made on a replica that held none
            // of the user's polls comes without rooms: this replica, which knows them, tells the rooms
            Presence here = online.remove(user);
            if (here != null && !delivered && !here.rooms.isEmpty()) {
                announce(user, false, List.copyOf(here.rooms));
            }
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
        if (!enabled) {
            return;
        }
        Presence presence = online.remove(user);
        Word word = lastWord.get(user);
        if (presence != null && !presence.rooms.isEmpty()) {
            announce(user, false, List.copyOf(presence.rooms));
        } else if (presence != null || word != null && word.online()) {
            announce(user, false, List.of()); // the replicas that hold the user's polls tell their rooms
        }
    }

    public boolean isOnline(String user) {
        return online.containsKey(user);
    }

    private void expire() {
        long now = System.nanoTime();
        long cutoff = now - grace.toNanos();
        // what other replicas said of users who are not here is kept a while, not for ever
        long forgetBefore = now - Math.max(grace.toNanos() * 4, Duration.ofMinutes(10).toNanos());
        lastWord.entrySet().removeIf(w -> w.getValue().atNanos() < forgetBefore && !online.containsKey(w.getKey()));
        for (Map.Entry<String, Presence> entry : online.entrySet()) {
            Presence p = entry.getValue();
            Word said = lastWord.get(entry.getKey());
            if (p.activePolls > 0 && said != null && said.online()
                    && !replica.equals(said.replica()) && now - said.atNanos() > grace.toNanos() / 2) {
                // still serving a user whom another replica claimed since: claim them back before that
                // replica's grace runs out, so that it does not announce them gone
                announce(entry.getKey(), true, List.of());
                continue;
            }
            if (p.activePolls == 0 && p.lastSeenNanos < cutoff && online.remove(entry.getKey(), p)) {
                if ((said == null || replica.equals(said.replica())) && !p.rooms.isEmpty()) {
                    announce(entry.getKey(), false, List.copyOf(p.rooms));
                } // else another replica claimed the user later: still online there, and it will say when not
            }
        }
    }

    private void announce(String user, boolean isOnline, List<String> rooms) {
        lastWord.put(user, new Word(isOnline, replica, System.nanoTime())); // until the stream brings it back
        publisher.publish(CloudEvent.create("poll-gateway", EventTypes.PRESENCE_CHANGED, "users/" + user, rooms,
                Map.of("user", user, "online", isOnline, "replica", replica)))
                .subscribe().with(e -> { }, failure -> LOG.warnf("presence of %s not announced: %s", user, failure));
    }
}
