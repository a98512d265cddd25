package dev.holdline.gateway.service;

import dev.holdline.events.presence.PresenceMessage;
import java.util.List;

/**
 * A {@code presence.changed} to publish: its data, and the channels it goes to (one room, or none: read by the
 * replicas only).
 */
record Announcement(PresenceMessage message, List<String> channels) {
}
