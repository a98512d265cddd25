package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The kinds that speak of a user, all sent as {@code {user, online, replica}} under {@code users/<user>}. */
@JsonPropertyOrder({ "user", "online", "replica" })
public sealed interface UserPresence extends PresenceMessage permits PresenceChange, PresenceClaim, OfflineRelay {

    String user();

    /** Whether the user is online; fixed by the kind for a claim (true) and a relay (false). */
    @JsonProperty("online")
    boolean online();

    @Override
    default String subject() {
        return "users/" + user();
    }
}
