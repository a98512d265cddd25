package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code replica} now serves {@code user}, who is already online, and will be the one to say when they leave.
 * Sent without channels (only replicas read it), as {@code {user, online: true, replica}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "user", "online", "replica" })
public record PresenceClaim(String user, String replica) implements PresenceMessage {

    /** On the wire a claim is an "online" without channels. */
    @JsonProperty("online")
    public boolean online() {
        return true;
    }

    @Override
    public String subject() {
        return "users/" + user;
    }
}
