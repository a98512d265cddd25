package dev.holdline.gateway.service;

import dev.holdline.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which gateway replicas are alive, from what they say on the stream: every replica says it is alive every
 * {@code grace}/2 (1 to 30 s; a heartbeat) and goodbye when it shuts down. A replica has gone once it said
 * goodbye {@code grace} ago, or has been silent for three heartbeats (10 s at least, so that a stream running a
 * few seconds behind does not make a live replica look gone). Times are those the replicas said things at (the
 * events' {@code time}), compared with this replica's {@link Clock}.
 */
@Singleton
public class ReplicaLiveness {

    /** When a replica was last heard from, and when it said goodbye (-1: it has not). */
    private record Heard(long lastMillis, long goodbyeMillis) {
    }

    private final Map<String, Heard> replicas = new ConcurrentHashMap<>();
    private final String self;
    private final Clock clock;
    private final long graceMillis;
    private final long heartbeatMillis;
    private final long silenceMillis;
    /** When this replica last said it is alive; -1: not yet. */
    private long lastHeartbeatMillis = -1;

    @Inject
    public ReplicaLiveness(GatewayConfig config, Clock clock) {
        this(UUID.randomUUID().toString(), config.presence().grace(), clock);
    }

    ReplicaLiveness(String self, Duration grace, Clock clock) {
        this.self = self;
        this.clock = clock;
        this.graceMillis = grace.toMillis();
        this.heartbeatMillis = Math.min(30_000, Math.max(1000, graceMillis / 2));
        this.silenceMillis = Math.max(3 * heartbeatMillis, 10_000);
    }

    /** This replica's id, as it signs what it says ({@code data.replica}). */
    public String self() {
        return self;
    }

    /** {@code replica} said something at {@code atMillis}: a heartbeat, a word on a user, or its goodbye. */
    public void heard(String replica, long atMillis, boolean goodbye) {
        replicas.merge(replica, new Heard(atMillis, goodbye ? atMillis : -1), (was, now) ->
                new Heard(Math.max(was.lastMillis(), now.lastMillis()), goodbye ? atMillis : was.goodbyeMillis()));
    }

    /** Whether it is time for this replica to say it is alive; true once per heartbeat period. */
    public boolean heartbeatDue() {
        long now = clock.millis();
        if (lastHeartbeatMillis >= 0 && now - lastHeartbeatMillis < heartbeatMillis) {
            return false;
        }
        lastHeartbeatMillis = now;
        return true;
    }

    /**
     * Whether this replica is the one to speak for gone replicas: the live one with the smallest id, so that
     * what is said for them is said once.
     */
    public boolean speaksForTheGone() {
        long now = clock.millis();
        for (Map.Entry<String, Heard> other : replicas.entrySet()) {
            if (other.getKey().compareTo(self) < 0 && alive(other.getValue(), now)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code replica}, which was heard saying something at {@code saidMillis}, has gone. */
    public boolean gone(String replica, long saidMillis) {
        long now = clock.millis();
        Heard heard = replicas.get(replica);
        if (heard != null && heard.goodbyeMillis() >= 0) { // a goodbye makes its silence moot
            return now - heard.goodbyeMillis() >= graceMillis;
        }
        long lastHeard = heard == null ? saidMillis : Math.max(saidMillis, heard.lastMillis());
        return now - lastHeard > silenceMillis;
    }

    /** Forgets the replicas last heard from before {@code beforeMillis}. */
    public void forgetHeardBefore(long beforeMillis) {
        replicas.entrySet().removeIf(r -> r.getValue().lastMillis() < beforeMillis);
    }

    /** How often this replica says it is alive. */
    long heartbeatMillis() {
        return heartbeatMillis;
    }

    /** How long a replica may be silent before it is taken for gone. */
    long silenceMillis() {
        return silenceMillis;
    }

    private boolean alive(Heard heard, long now) {
        return heard.goodbyeMillis() < 0 && now - heard.lastMillis() <= silenceMillis;
    }
}
