package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code user} is offline, said by a replica that does not know their rooms (they disconnected there, or it
 * speaks for a gone replica that announced them in none): the replicas that hold the user's polls tell their
 * rooms. Sent without channels: on the wire an "offline" without channels.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OfflineRelay(String user, String replica) implements UserPresence {

    @Override
    public boolean online() {
        return false;
    }
}
