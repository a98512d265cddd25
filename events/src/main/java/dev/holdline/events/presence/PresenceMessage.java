package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The data of {@code presence.changed}, one type per kind. The wire has two shapes, {@code {user, online, replica}}
 * and {@code {replica, up}}, and the event's channels tell the rest:
 * <ul>
 * <li>{@link PresenceChange}: a user went online or offline, said to one {@code room:} channel. The only kind
 * clients receive.</li>
 * <li>{@link PresenceClaim}: online without channels. A replica that starts serving a user who is online elsewhere
 * takes over saying when they leave; only replicas read it.</li>
 * <li>{@link OfflineRelay}: offline without channels. The user disconnected on a replica that holds none of their
 * polls; the replicas that do tell the rooms.</li>
 * <li>{@link ReplicaHeartbeat}: no user: a replica says it is alive ({@code up}) or goodbye.</li>
 * </ul>
 * Every kind is signed by the gateway replica that said it ({@code replica}); the three that speak of a user are
 * {@link UserPresence}s.
 */
public sealed interface PresenceMessage permits UserPresence, ReplicaHeartbeat {

    /** The id of the gateway replica that said it. */
    String replica();

    /** The event's subject: {@code users/<user>}, or {@code replicas/<replica>} for a heartbeat. */
    @JsonIgnore
    String subject();

    /**
     * The kind {@code data} is, given whether the event has channels ({@code toRooms}); empty when no replica
     * signed it. Read as leniently as ever: a missing {@code online} is false, a missing {@code up} true.
     */
    static Optional<PresenceMessage> read(JsonNode data, boolean toRooms) {
        String replica = data.path("replica").asText(null);
        if (replica == null) {
            return Optional.empty();
        }
        String user = data.path("user").asText(null);
        if (user == null) {
            return Optional.of(new ReplicaHeartbeat(replica, data.path("up").asBoolean(true)));
        }
        boolean online = data.path("online").asBoolean();
        if (toRooms) {
            return Optional.of(new PresenceChange(user, online, replica));
        }
        return Optional.of(online ? new PresenceClaim(user, replica) : new OfflineRelay(user, replica));
    }
}
