package dev.holdline.gateway.service;

import dev.holdline.events.image.ImageStatus;
import dev.holdline.events.image.Thumbnail;
import java.util.List;

/**
 * The answer of the blocking status call. {@code status} is the image's status when answered; {@code timedOut}
 * when it is not final yet.
 */
public record ImageStatusAnswer(long id, ImageStatus status, String reason, List<Thumbnail> thumbnails,
        boolean timedOut) {
}
