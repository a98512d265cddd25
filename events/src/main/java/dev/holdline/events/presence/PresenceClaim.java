package dev.holdline.events.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code replica} now serves {@code user}, who is already online, and will be the one to say when they leave.
 * Sent without channels (only replicas read it): on the wire an "online" without channels.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PresenceClaim(String user, String replica) implements UserPresence {

    @Override
    public boolean online() {
        return true;
    }
}
