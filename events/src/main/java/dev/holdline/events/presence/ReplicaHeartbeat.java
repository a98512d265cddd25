package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A gateway replica says it is alive ({@code up}), every {@code gateway.presence.grace}/2, or goodbye
 * ({@code up} false) when it shuts down. Sent without channels, as {@code {replica, up}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaHeartbeat(String replica, boolean up) implements PresenceMessage {

    @Override
    public String subject() {
        return "replicas/" + replica;
    }
}
