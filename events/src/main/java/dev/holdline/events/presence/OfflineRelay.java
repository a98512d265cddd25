package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code user} is offline, said by a replica that does not know their rooms (they disconnected there, or it
 * speaks for a gone replica that announced them in none): the replicas that hold the user's polls tell their
 * rooms. Sent without channels, as {@code {user, online: false, replica}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "user", "online", "replica" })
public record OfflineRelay(String user, String replica) implements PresenceMessage {

    /** On the wire a relay is an "offline" without channels. */
    @JsonProperty("online")
    public boolean online() {
        return false;
    }

    @Override
    public String subject() {
        return "users/" + user;
    }
}
