package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of the blocking status call. {@code status} is the image's status when answered; {@code timedOut}
 * when it is not final yet.
 */
public record ImageStatus(long id, String status, String reason, JsonNode thumbnails, boolean timedOut) {
}
