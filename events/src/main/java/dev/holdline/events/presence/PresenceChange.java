package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A user went online or offline, said to one {@code room:} channel (one event per room, so that a room learns
 * nothing of the user's other rooms): what clients receive.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresenceChange(String user, boolean online, String replica) implements UserPresence {
}
