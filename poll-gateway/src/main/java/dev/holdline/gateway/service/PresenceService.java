package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.presence.PresenceMessage;
import dev.holdline.events.presence.ReplicaHeartbeat;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.events.EventFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Presence's entry point: takes the polls, the disconnects and the {@code presence.changed} read from the
 * stream, runs the timer, and publishes what the parts decide. Who is polling here is {@link LocalPresence}, the
 * last word on each user {@link LastWords}, who says what across replicas {@link PresenceClaims}, which replicas
 * are alive {@link ReplicaLiveness}, and what is said for the gone ones {@link GoneReplicaCleanup}. Every replica
 * says it is alive now and then (a {@link ReplicaHeartbeat}) and goodbye when it shuts down.
 *
 * <p>Times are the events' own (their {@code time}), so that a replica replaying the stream at start-up judges old
 * words by when they were said, not by when it read them; it speaks for gone replicas only once it has caught up.
 */
@Singleton
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    private final EventSink events;
    private final EventFactory factory;
    private final StreamProgress stream;
    private final ReplicaLiveness replicas;
    private final Clock clock;
    private final LocalPresence here;
    private final LastWords words = new LastWords();
    private final PresenceClaims claims;
    private final GoneReplicaCleanup cleanup;
    private final Duration grace;
    private final boolean enabled;

    public PresenceService(EventSink events, EventFactory factory, StreamProgress stream, ReplicaLiveness replicas,
            Clock clock, GatewayConfig config) {
        this.events = events;
        this.factory = factory;
        this.stream = stream;
        this.replicas = replicas;
        this.clock = clock;
        this.grace = config.presence().grace();
        this.enabled = config.presence().enabled();
        this.here = new LocalPresence(config.presence().maxRoomsPerUser());
        this.claims = new PresenceClaims(replicas.self(), grace, here, words);
        this.cleanup = new GoneReplicaCleanup(replicas, here, words, claims);
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
            publish(new ReplicaHeartbeat(replicas.self(), false), List.of()).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("goodbye not said: %s; this replica's users go offline once it has been silent a while", e);
        }
    }

    /** A poll by {@code user} on {@code channels} begins. */
    public void pollStarted(String user, List<String> channels) {
        if (enabled) {
            say(claims.pollStarted(user, channels, clock.millis()));
        }
    }

    /**
     * A {@code presence.changed} read from the stream, this replica's own included: {@code data} is its data,
     * {@code rooms} its channels (none: a claim, a relayed offline or a heartbeat, never delivered to clients),
     * {@code atMillis} when it was said.
     */
    public void observed(JsonNode data, List<String> rooms, long atMillis) {
        if (!enabled) {
            return;
        }
        PresenceMessage.read(data, !rooms.isEmpty()).ifPresent(message -> {
            replicas.heard(message.replica(), atMillis, message instanceof ReplicaHeartbeat heartbeat && !heartbeat.up());
            say(claims.observed(message, rooms, atMillis, clock.millis()));
        });
    }

    public void pollEnded(String user) {
        if (enabled) {
            claims.pollEnded(user, clock.millis());
        }
    }

    /** The user says goodbye: offline at once. */
    public void disconnect(String user) {
        if (enabled) {
            say(claims.disconnect(user, clock.millis()));
        }
    }

    public boolean isOnline(String user) {
        return here.contains(user);
    }

    /**
     * Who is online in a room ({@code room:<name>}) as every replica has said it on the stream: the users whose
     * last word is "online" with that room, sorted, at most {@code max}. What a client shows on joining;
     * {@code presence.changed} on the room's channel keeps it current after that.
     */
    public List<String> onlineIn(String room, int max) {
        return words.onlineIn(room, max);
    }

    /**
     * Every {@code grace}/4 (1 s at least): says this replica is alive when due, says offline the users left
     * online by gone replicas and those whose grace has run out here, claims back users another replica claimed
     * while this one still serves them, and forgets old words.
     */
    void tick() {
        long nowMillis = clock.millis();
        if (replicas.heartbeatDue()) {
            publish(new ReplicaHeartbeat(replicas.self(), true), List.of())
                    .subscribe().with(e -> { }, failure -> LOG.debugf("heartbeat not said: %s", failure));
        }
        // what other replicas said of users who are not here is kept a while, not for ever
        long forgetBefore = nowMillis - Math.max(grace.toMillis() * 4, Duration.ofMinutes(10).toMillis());
        if (stream.caughtUp()) {
            say(cleanup.sweep(nowMillis));
        }
        claims.forgetBefore(forgetBefore);
        replicas.forgetHeardBefore(forgetBefore);
        say(claims.tick(nowMillis));
    }

    private void say(List<Announcement> announcements) {
        for (Announcement announcement : announcements) {
            PresenceMessage message = announcement.message();
            publish(message, announcement.channels()).subscribe().with(e -> { },
                    failure -> LOG.warnf("presence of %s not announced: %s", message.subject(), failure));
        }
    }

    private Uni<CloudEvent> publish(PresenceMessage message, List<String> channels) {
        return events.publish(factory.create(EventTypes.PRESENCE_CHANGED, message.subject(), channels, message));
    }
}
