package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event as served: the CloudEvent with its {@code cursor} (the stream offset, identical on every replica).
 * {@code bytes} is the size of its JSON, for the memory bound.
 */
public record BufferedEvent(long offset, String id, String type, Instant receivedAt, ObjectNode json, int bytes) {
}
