package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>A replica that goes away cannot say its users left: a crash, but also every rolling deploy, would leave
 * the users still in its grace period online for good. So every replica says it is alive now and then (a
 * heartbeat: the same event type without user or channels) and goodbye when it shuts down, and once
 * {@link ReplicaLiveness} takes a replica for gone, the users whose last word is still its "online" (nobody
 * claimed them meanwhile: they did not come back to another replica) are announced offline to every room they
 * were announced in, by one live replica: the one with the smallest id.
 * Times here are the events' own (their {@code time}), so that a replica replaying the stream at start-up
 * judges old words by when they were said, not by when it read them; it judges only once it has caught up.
 */
@Singleton
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    private static final class Presence {
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        int activePolls;
        long lastSeenMillis;

        Presence(long now) {
            this.lastSeenMillis = now;
        }
    }

    /**
     * The last word on a user read from the stream (or just said by this replica), when it was said, and the
     * rooms the user was announced in ({@link #remember}).
     */
    private record Word(boolean online, String replica, long atMillis, List<String> rooms) {
    }

    private final Map<String, Presence> online = new ConcurrentHashMap<>();
    private final Map<String, Word> lastWord = new ConcurrentHashMap<>();
    private final EventSink events;
    private final EventFactory factory;
    private final StreamProgress stream;
    private final ReplicaLiveness replicas;
    private final Clock clock;
    /** This replica's id, as it signs what it says. */
    private final String replica;
    private final Duration grace;
    private final boolean enabled;
    private final int maxRooms;

    public PresenceService(EventSink events, EventFactory factory, StreamProgress stream, ReplicaLiveness replicas,
            Clock clock, GatewayConfig config) {
        this.events = events;
        this.factory = factory;
        this.stream = stream;
        this.replicas = replicas;
        this.clock = clock;
        this.replica = replicas.self();
        this.grace = config.presence().grace();
        this.enabled = config.presence().enabled();
        this.maxRooms = config.presence().maxRoomsPerUser();
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        if (enabled) {
            vertx.setPeriodic(Math.max(1000, grace.toMillis() / 4), timer -> tick());
        }
    }

    /**
     * Goodbye, so that another replica says offline for the users this one leaves in their grace period; after
     * the parked polls are answered (priority 1), before the publisher closes its connection (default priority).
     */
    void onStop(@Observes @Priority(2) ShutdownEvent event) {
        if (!enabled) {
            return;
        }
        try {
            heartbeat(false).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("goodbye not said: %s; this replica's users go offline once it has been silent a while", e);
        }
    }

    /** A poll by {@code user} on {@code channels} begins. */
    public void pollStarted(String user, List<String> channels) {
        if (!enabled) {
            return;
        }
        List<String> rooms = channels.stream().filter(c -> c.startsWith("room:")).toList();
        boolean[] cameOnline = { false };
        long nowMillis = clock.millis();
        Presence presence = online.compute(user, (u, p) -> {
            Presence now = p == null ? new Presence(nowMillis) : p;
            cameOnline[0] = p == null;
            now.activePolls++;
            now.lastSeenMillis = nowMillis;
            return now;
        });
        List<String> newRooms = new ArrayList<>();
        for (String room : rooms) {
            if (presence.rooms.size() >= maxRooms && !presence.rooms.contains(room)) {
                break; // announced in as many rooms as a user may be: not in more
            }
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
     * A {@code presence.changed} read from the stream, this replica's own included: {@code data} is its data,
     * {@code rooms} its channels (none: a claim or a heartbeat, never delivered to clients), {@code atMillis}
     * when it was said.
     */
    public void observed(JsonNode data, List<String> rooms, long atMillis) {
        String speaker = data.path("replica").asText(null);
        if (!enabled || speaker == null) {
            return;
        }
        String user = data.path("user").asText(null);
        replicas.heard(speaker, atMillis, user == null && !data.path("up").asBoolean(true));
        if (user == null) {
            return; // a heartbeat
        }
        boolean isOnline = data.path("online").asBoolean();
        boolean delivered = !rooms.isEmpty();
        remember(user, isOnline, speaker, atMillis, rooms);
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
        long nowMillis = clock.millis();
        online.computeIfPresent(user, (u, p) -> {
            p.activePolls = Math.max(0, p.activePolls - 1);
            p.lastSeenMillis = nowMillis;
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

    /**
     * Who is online in a room ({@code room:<name>}) as every replica has said it on the stream: the users
     * whose last word is "online" with that room, sorted, at most {@code max}. What a client shows on joining;
     * {@code presence.changed} on the room's channel keeps it current after that.
     */
    public List<String> onlineIn(String room, int max) {
        return lastWord.entrySet().stream()
                .filter(e -> e.getValue().online() && e.getValue().rooms().contains(room))
                .map(Map.Entry::getKey).sorted().limit(max).toList();
    }

    /**
     * Every {@code grace}/4 (1 s at least): says this replica is alive when due, says offline the users whose
     * grace has run out here and those left online by gone replicas, claims back users another replica claimed
     * while this one still serves them, and forgets old words.
     */
    void tick() {
        long nowMillis = clock.millis();
        if (replicas.heartbeatDue()) {
            heartbeat(true).subscribe().with(e -> { }, failure -> LOG.debugf("heartbeat not said: %s", failure));
        }
        // what other replicas said of users who are not here is kept a while, not for ever
        long forgetBefore = nowMillis - Math.max(grace.toMillis() * 4, Duration.ofMinutes(10).toMillis());
        if (stream.caughtUp()) {
            offlineForGoneReplicas();
        }
        lastWord.entrySet().removeIf(w -> w.getValue().atMillis() < forgetBefore && !online.containsKey(w.getKey()));
        replicas.forgetHeardBefore(forgetBefore);
        long cutoff = nowMillis - grace.toMillis();
        for (Map.Entry<String, Presence> entry : online.entrySet()) {
            Presence p = entry.getValue();
            Word said = lastWord.get(entry.getKey());
            if (p.activePolls > 0 && said != null && said.online()
                    && !replica.equals(said.replica()) && nowMillis - said.atMillis() > grace.toMillis() / 2) {
                // still serving a user whom another replica claimed since: claim them back before that
                // replica's grace runs out, so that it does not announce them gone
                announce(entry.getKey(), true, List.of());
                continue;
            }
            if (p.activePolls == 0 && p.lastSeenMillis < cutoff && online.remove(entry.getKey(), p)) {
                if ((said == null || replica.equals(said.replica())) && !p.rooms.isEmpty()) {
                    announce(entry.getKey(), false, List.copyOf(p.rooms));
                } // else another replica claimed the user later: still online there, and it will say when not
            }
        }
    }

    /**
     * Users whose last word is "online" from a replica that has gone, and who are not online here: announced
     * offline, by the live replica with the smallest id only, so that the rooms hear it once.
     */
    private void offlineForGoneReplicas() {
        if (!replicas.speaksForTheGone()) {
            return; // another live replica speaks for the gone ones
        }
        for (Map.Entry<String, Word> entry : lastWord.entrySet()) {
            Word word = entry.getValue();
            if (word.online() && !replica.equals(word.replica()) && !online.containsKey(entry.getKey())
                    && replicas.gone(word.replica(), word.atMillis())) {
                LOG.debugf("%s was left online by gone replica %s: offline", entry.getKey(), word.replica());
                announce(entry.getKey(), false, word.rooms());
            }
        }
    }

    /** "This replica is alive" ({@code up}) or goodbye: read by the replicas only. */
    private Uni<CloudEvent> heartbeat(boolean up) {
        return events.publish(factory.create(EventTypes.PRESENCE_CHANGED,
                "replicas/" + replica, List.of(), Map.of("replica", replica, "up", up)));
    }

    /**
     * The last word on a user. An "online" adds its rooms to those the user is already online in, and a word
     * without rooms (a claim) keeps them: whoever says offline for the user then reaches every room.
     */
    private void remember(String user, boolean isOnline, String speaker, long atMillis, List<String> rooms) {
        lastWord.compute(user, (u, before) -> {
            List<String> known = rooms;
            if (before != null && before.online() && isOnline) {
                Set<String> all = new LinkedHashSet<>(before.rooms());
                all.addAll(rooms);
                known = List.copyOf(all);
            } else if (before != null && rooms.isEmpty()) {
                known = before.rooms();
            }
            return new Word(isOnline, speaker, atMillis, List.copyOf(known));
        });
    }

    /**
     * One event per room, so that what a room's members receive names that room only, never the other rooms
     * the user is in; none (a claim, or an offline said for the replicas that hold the user) when
     * {@code rooms} is empty.
     */
    private void announce(String user, boolean isOnline, List<String> rooms) {
        remember(user, isOnline, replica, clock.millis(), rooms); // until the stream brings it back
        if (rooms.isEmpty()) {
            say(user, isOnline, List.of());
        }
        for (String room : rooms) {
            say(user, isOnline, List.of(room));
        }
    }

    private void say(String user, boolean isOnline, List<String> channels) {
        events.publish(factory.create(EventTypes.PRESENCE_CHANGED, "users/" + user, channels,
                Map.of("user", user, "online", isOnline, "replica", replica)))
                .subscribe().with(e -> { }, failure -> LOG.warnf("presence of %s not announced: %s", user, failure));
    }
}
